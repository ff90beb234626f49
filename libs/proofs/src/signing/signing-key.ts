import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import type { ProofPublicKey } from '@apex/contracts';

/** The raw 32 bytes of an Ed25519 public key: the end of its SPKI DER. */
const rawPublicKey = (publicKey: KeyObject): Buffer => publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);

/** The id a signed report names its key by: the first 16 hex of the SHA-256 of the raw public key. */
export const keyIdOf = (publicKey: KeyObject): string => createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);

/** The public half of a key, as served to verifiers. */
export function publicKeyOf(key: KeyObject): ProofPublicKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return { algorithm: 'Ed25519', keyId: keyIdOf(publicKey), pem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}
