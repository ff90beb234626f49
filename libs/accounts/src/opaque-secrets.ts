import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** High-entropy secrets (refresh tokens, reset tokens, API keys) are stored as SHA-256 only. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

const API_KEY = /^apx_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** `apx_<prefix>_<secret>`: the prefix finds the row, the secret is compared by hash. */
export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomSecret(32);
  return { key: `apx_${prefix}_${secret}`, prefix, secretHash: sha256(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = API_KEY.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : null;
}
