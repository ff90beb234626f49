import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  sub: string;
  iat: number;
  exp: number;
  typ: 'access';
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Unpadded base64url that re-encodes to itself: no `=`, no other alphabet, no set bits past the last byte. */
const isCanonicalBase64url = (text: string) => /^[A-Za-z0-9_-]*$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;

const sign = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest();

/** A short-lived HS256 JWT naming the user. */
export function issueAccessToken(userId: string, secret: string, ttlSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const claims: AccessClaims = { sub: userId, iat, exp: iat + ttlSeconds, typ: 'access' };
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

/**
 * Accepts only HS256 tokens signed with `secret` that have not expired; the
 * header must be exactly ours, so `alg: none` and algorithm swaps fail.
 */
export function verifyAccessToken(token: string, secret: string, now = Date.now()): AccessClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, payload, signature] = parts;
  let decodedHeader: { alg?: unknown; typ?: unknown };
  try {
    decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (decodedHeader.alg !== 'HS256') throw new InvalidTokenError('unsupported algorithm');
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  // Header and payload are signed as written; the signature is not, and Node's decoder ignores stray padding and
  // the unused low bits of its last character. Only its one encoding is accepted, so a token has exactly one spelling.
  if (!isCanonicalBase64url(signature)) throw new InvalidTokenError('bad signature');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw new InvalidTokenError('not an access token');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new InvalidTokenError('expired');
  return claims;
}
