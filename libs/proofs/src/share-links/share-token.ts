import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits, base64url without padding: 22 characters. */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** A new share token: 16 random bytes, base64url. */
export const newShareToken = (): string => randomBytes(16).toString('base64url');

/** Whether the text has a token's shape; anything else names no link and is never looked up. */
export const isShareTokenShaped = (token: string): boolean => TOKEN.test(token);

/** What Apex keeps of a token: hex SHA-256 of its text. */
export const shareTokenSha256 = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
