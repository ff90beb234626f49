import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The refresh token that replaced another, sealed with a key derived from the replaced token: only whoever presents
 * that token again can open it, and the stored rows alone reveal no refresh token.
 */
const keyOf = (replacedToken: string) => Buffer.from(hkdfSync('sha256', replacedToken, 'apex:refresh-successor', '', 32));

export function sealSuccessor(replacedToken: string, successorToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(replacedToken), iv);
  const sealed = Buffer.concat([cipher.update(successorToken, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openSuccessor(replacedToken: string, sealed: string): string | null {
  const bytes = Buffer.from(sealed, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(replacedToken), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
