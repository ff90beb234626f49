import { createPrivateKey, KeyObject } from 'node:crypto';
import type { ConfigIssue } from './config-error';
import type { AppEnv } from './schema';
import { SecretValue } from './secret-value';

/** Proofs of savings: the key that signs their reports and the length of their reporting period. */
export interface ProofConfig {
  /** The Ed25519 private key as configured (PKCS#8 PEM or base64 DER); undefined outside production when not set. */
  signingKey: SecretValue | undefined;
  /** Days of a proof's reporting period, at least 7. */
  reportingDays: number;
}

export const PROOF_SIGNING_KEY_EXPECTED = 'an Ed25519 private key, PKCS#8 PEM or base64 DER (openssl genpkey -algorithm ed25519)';

/**
 * The Ed25519 private key that `PROOF_SIGNING_KEY` holds: PKCS#8 PEM (newlines may be written as "\n", as a .env
 * file keeps them) or the base64 of the PKCS#8 DER. Throws when it is neither or not an Ed25519 key.
 */
export function parseProofSigningKey(value: string): KeyObject {
  const text = value.trim();
  const key = text.startsWith('-----BEGIN')
    ? createPrivateKey({ key: text.replace(/\\n/g, '\n'), format: 'pem' })
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new RangeError(`the key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  return key;
}

/** Whether `value` is a usable signing key (the schema's check). */
export function isProofSigningKey(value: string): boolean {
  try {
    parseProofSigningKey(value);
    return true;
  } catch {
    return false;
  }
}

/** Production signs every proof it reports, so it refuses to start without the key. */
export function proofIssues(env: AppEnv): ConfigIssue[] {
  if (env.NODE_ENV !== 'production' || env.PROOF_SIGNING_KEY !== undefined) return [];
  return [{ variable: 'PROOF_SIGNING_KEY', expected: `${PROOF_SIGNING_KEY_EXPECTED} in production, where every proof report is signed`, received: 'not set' }];
}

export function proofConfigOf(env: AppEnv): ProofConfig {
  return {
    signingKey: env.PROOF_SIGNING_KEY === undefined ? undefined : new SecretValue(env.PROOF_SIGNING_KEY),
    reportingDays: env.PROOF_REPORTING_DAYS,
  };
}
