import type { CostProvider } from '@apex/contracts';
import { ExpiredPageTokenError } from '../connector-errors';

/** Page tokens that carry more than the provider's own cursor are base64url JSON, opaque to the caller. */
export function encodePageToken(state: object): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Reads a token made by `encodePageToken`; a damaged or foreign token is an ExpiredPageTokenError. */
export function decodePageToken<T>(provider: CostProvider, token: string, isState: (value: unknown) => value is T): T {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    state = undefined;
  }
  if (!isState(state)) throw new ExpiredPageTokenError(provider, 'The page token is not one this connector issued; start the period again.');
  return state;
}
