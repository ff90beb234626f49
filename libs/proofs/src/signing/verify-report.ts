import { createPublicKey, verify } from 'node:crypto';
import type { ProofPublicKey, ProofVerification, SignedProofReport } from '@apex/contracts';
import { canonicalSha256 } from './digest';

const invalid = (problem: ProofVerification['problem']): ProofVerification => ({ valid: false, problem });

/**
 * Verifies a signed report as a recipient can: the SHA-256 of the report's canonical JSON must be the one signed,
 * and the signature must be the key's over those digest bytes. Answers which check failed.
 */
export function verifySignedReport(signed: SignedProofReport, key: ProofPublicKey): ProofVerification {
  if (signed.keyId !== key.keyId) return invalid('unknown_key');
  let digest: string;
  try {
    digest = canonicalSha256(signed.report);
  } catch {
    return invalid('altered');
  }
  if (digest !== signed.sha256) return invalid('altered');
  const signature = Buffer.from(signed.signature, 'base64');
  const valid = signature.length === 64 && verify(null, Buffer.from(digest, 'hex'), createPublicKey(key.pem), signature);
  return valid ? { valid: true, problem: null } : invalid('bad_signature');
}
