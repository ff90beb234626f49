import { createHash, createHmac, randomBytes } from 'node:crypto';

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url: the sandbox's only credential, shown to the browser once. */
export const newSandboxToken = (): string => randomBytes(32).toString('base64url');

/** What the database keeps of a token: its SHA-256. Null for a text that cannot be a token. */
export function sandboxTokenHash(token: string): Buffer | null {
  return TOKEN_FORMAT.test(token) ? createHash('sha256').update(token).digest() : null;
}

/**
 * What the database keeps of a prospect's address: an HMAC under the server secret. A plain hash of an IPv4 address
 * would be reversed by hashing all four billion of them.
 */
export const addressHash = (secret: string, address: string): Buffer => createHmac('sha256', secret).update(`sandbox-address:${address}`).digest();
