import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@apex/config';
import {
  ApiCostProvider,
  CostCredentials,
  CostCredentialsOf,
  parseCostCredentials,
  revealCostCredentials,
} from './cost-credentials';

const ENVELOPE_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** Stored credentials that cannot be opened: another key, a damaged or altered value, or another provider's. */
export class CredentialsDecryptionError extends Error {
  override readonly name = 'CredentialsDecryptionError';
}

/** CREDENTIALS_KEY is not configured, so credentials can be neither stored nor read. */
export class CredentialsKeyMissingError extends Error {
  override readonly name = 'CredentialsKeyMissingError';

  constructor() {
    super('CREDENTIALS_KEY is not set: cost connection credentials cannot be encrypted or decrypted.');
  }
}

/**
 * Encrypts connection credentials for `cost_connections.credentials_ciphertext` with AES-256-GCM.
 * Envelope (version 1): 1 byte version | 12 bytes random IV | 16 bytes auth tag | ciphertext of the JSON.
 * The provider is authenticated data, so one provider's credentials never open as another's.
 */
@Injectable()
export class CredentialsCipher {
  readonly #key: Buffer | undefined;

  constructor(config: AppConfig) {
    this.#key = config.costs.credentialsKey;
  }

  static withKey(key: Buffer): CredentialsCipher {
    return new CredentialsCipher({ costs: { credentialsKey: key } } as AppConfig);
  }

  encrypt(credentials: CostCredentials): Buffer {
    const key = this.#requireKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(credentials.provider));
    const plaintext = Buffer.from(JSON.stringify(revealCostCredentials(credentials)), 'utf8');
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    plaintext.fill(0);
    return Buffer.concat([Buffer.of(ENVELOPE_VERSION), iv, cipher.getAuthTag(), ciphertext]);
  }

  decrypt<P extends ApiCostProvider>(provider: P, envelope: Buffer): CostCredentialsOf<P> {
    const key = this.#requireKey();
    if (envelope.length <= HEADER_BYTES || envelope[0] !== ENVELOPE_VERSION) {
      throw new CredentialsDecryptionError('The stored credentials are not in a known format; enter them again.');
    }
    const iv = envelope.subarray(1, 1 + IV_BYTES);
    const tag = envelope.subarray(1 + IV_BYTES, HEADER_BYTES);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(provider));
      decipher.setAuthTag(tag);
      plaintext = Buffer.concat([decipher.update(envelope.subarray(HEADER_BYTES)), decipher.final()]);
    } catch {
      throw new CredentialsDecryptionError(
        'The stored credentials cannot be decrypted (another key, or the value was altered); enter them again.',
      );
    }
    try {
      return parseCostCredentials(provider, JSON.parse(plaintext.toString('utf8')));
    } finally {
      plaintext.fill(0);
    }
  }

  #requireKey(): Buffer {
    if (!this.#key || this.#key.length !== 32) throw new CredentialsKeyMissingError();
    return this.#key;
  }
}

function associatedData(provider: ApiCostProvider): Buffer {
  return Buffer.from(`apex/cost-credentials/v${ENVELOPE_VERSION}/${provider}`, 'utf8');
}
