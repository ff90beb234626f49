import type { PublicProofVerification } from '@apex/contracts';

export interface VerificationWords {
  outcome: 'intact' | 'altered' | 'bad_signature' | 'unknown_key';
  title: string;
  sentence: string;
}

/** A verification's answer in words a CFO can forward. */
export function verificationWords(verification: PublicProofVerification, reportKeyId: string): VerificationWords {
  if (verification.valid) {
    return {
      outcome: 'intact',
      title: 'Intact and signed by Apex',
      sentence: `This report is exactly as Apex signed it: its SHA-256 matches, and the Ed25519 signature checks out with Apex's public key (key id ${verification.keyId}).`,
    };
  }
  switch (verification.problem) {
    case 'altered':
      return {
        outcome: 'altered',
        title: 'Altered: this is not the report Apex signed',
        sentence: `The report's content has changed since it was signed: its SHA-256 is now ${verification.sha256 ?? 'not computable'}, but the signature covers ${verification.signedSha256}. Do not rely on its figures.`,
      };
    case 'unknown_key':
      return {
        outcome: 'unknown_key',
        title: 'Not signed with Apex’s key',
        sentence: `The report names the key ${reportKeyId}, but Apex signs with the key ${verification.keyId}, so this signature cannot be checked against Apex's public key. Do not rely on its figures.`,
      };
    default:
      return {
        outcome: 'bad_signature',
        title: 'Bad signature',
        sentence: `The signature does not check out with Apex's public key (key id ${verification.keyId}): the report cannot be trusted as Apex's. Do not rely on its figures.`,
      };
  }
}
