import { KeyObject, sign } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ProofPublicKey, ProofReport, SignedProofReport } from '@apex/contracts';
import { AppConfig, parseProofSigningKey, SecretValue } from '@apex/config';
import { canonicalSha256 } from './digest';
import { publicKeyOf } from './signing-key';

/** PROOF_SIGNING_KEY is not configured (only possible outside production), so reports cannot be signed. */
export class ProofSigningKeyMissingError extends Error {
  override readonly name = 'ProofSigningKeyMissingError';

  constructor() {
    super('PROOF_SIGNING_KEY is not set: proof reports cannot be signed and no public key can be served.');
  }
}

/**
 * Signs proof reports with the configured Ed25519 key: SHA-256 of the report's canonical JSON, and the Ed25519
 * signature of those 32 digest bytes.
 */
@Injectable()
export class ProofSigner {
  readonly #key: KeyObject | undefined;

  constructor(config: AppConfig) {
    const configured = config.proofs.signingKey;
    this.#key = configured === undefined ? undefined : parseProofSigningKey(configured.reveal());
  }

  static withKey(key: KeyObject): ProofSigner {
    return new ProofSigner({ proofs: { signingKey: new SecretValue(key.export({ format: 'pem', type: 'pkcs8' }).toString()) } } as AppConfig);
  }

  publicKey(): ProofPublicKey {
    return publicKeyOf(this.#requireKey());
  }

  sign(report: ProofReport): SignedProofReport {
    const key = this.#requireKey();
    const sha256 = canonicalSha256(report);
    const signature = sign(null, Buffer.from(sha256, 'hex'), key).toString('base64');
    return { report, sha256, signature, keyId: publicKeyOf(key).keyId };
  }

  #requireKey(): KeyObject {
    if (!this.#key) throw new ProofSigningKeyMissingError();
    return this.#key;
  }
}
