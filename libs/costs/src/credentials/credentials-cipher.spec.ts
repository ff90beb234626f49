import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AppConfig } from '@apex/config';
import { CostCredentials, parseCostCredentials, revealCostCredentials } from './cost-credentials';
import { CredentialsCipher, CredentialsDecryptionError, CredentialsKeyMissingError } from './credentials-cipher';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const aws = parseCostCredentials('aws', { kind: 'access_key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });

describe('credentials encryption (AES-256-GCM, versioned envelope)', () => {
  const key = randomBytes(32);
  const cipher = CredentialsCipher.withKey(key);

  it('round-trips every provider\'s credentials', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const all = [
      aws,
      parseCostCredentials('aws', { kind: 'assume_role', roleArn: 'arn:aws:iam::123456789012:role/ApexCostReader', externalId: 'apex-org-42' }),
      parseCostCredentials('azure', { tenantId: 'contoso.onmicrosoft.com', clientId: '66666666-7777-8888-9999-000000000000', clientSecret: 'azure-secret-value' }),
      parseCostCredentials('gcp', {
        serviceAccountKey: {
          type: 'service_account',
          project_id: 'apex-billing-reader',
          private_key_id: 'k1',
          private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
          client_email: 'reader@apex-billing-reader.iam.gserviceaccount.com',
        },
      }),
      parseCostCredentials('openai', { adminKey: 'sk-admin-Zq3VbK8pLr2mXw9TnY4s' }),
    ];
    for (const credentials of all) {
      const decrypted = cipher.decrypt(credentials.provider, cipher.encrypt(credentials));
      expect(decrypted.provider).toBe(credentials.provider);
      expect(reveal(decrypted)).toEqual(reveal(credentials));
    }
  });

  it('writes version 1 | 12-byte IV | 16-byte tag | ciphertext, with a fresh IV every time and no plaintext', () => {
    const first = cipher.encrypt(aws);
    const second = cipher.encrypt(aws);

    expect(first[0]).toBe(1);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(first.equals(second)).toBe(false);
    expect(first.length).toBe(1 + 12 + 16 + Buffer.byteLength(JSON.stringify(reveal(aws))));
    expect(first.toString('latin1')).not.toContain(SECRET);
    expect(first.toString('latin1')).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it.each([
    ['the version', 0],
    ['the IV', 5],
    ['the auth tag', 20],
    ['the ciphertext', 40],
  ])('rejects the envelope when one bit of %s is flipped', (_part, byte) => {
    const envelope = cipher.encrypt(aws);
    envelope[byte] ^= 0x01;

    expect(() => cipher.decrypt('aws', envelope)).toThrow(CredentialsDecryptionError);
  });

  it('rejects a truncated envelope', () => {
    expect(() => cipher.decrypt('aws', cipher.encrypt(aws).subarray(0, 29))).toThrow(CredentialsDecryptionError);
  });

  it('rejects another key', () => {
    const envelope = cipher.encrypt(aws);

    expect(() => CredentialsCipher.withKey(randomBytes(32)).decrypt('aws', envelope)).toThrow(CredentialsDecryptionError);
  });

  it('does not open one provider\'s credentials as another\'s', () => {
    const openAi = cipher.encrypt(parseCostCredentials('openai', { adminKey: 'sk-admin-Zq3VbK8pLr2mXw9TnY4s' }));

    expect(() => cipher.decrypt('azure', openAi)).toThrow(CredentialsDecryptionError);
  });

  it('says plainly when CREDENTIALS_KEY is not configured', () => {
    const unconfigured = new CredentialsCipher(AppConfig.fromEnv({ ...testEnv(), CREDENTIALS_KEY: '' }));

    expect(() => unconfigured.encrypt(aws)).toThrow(CredentialsKeyMissingError);
  });

  it('takes its key from AppConfig.costs.credentialsKey', () => {
    const configured = new CredentialsCipher(AppConfig.fromEnv({ ...testEnv(), CREDENTIALS_KEY: key.toString('base64') }));

    expect(reveal(cipher.decrypt('aws', configured.encrypt(aws)))).toEqual(reveal(aws));
  });

  it('keeps the secrets out of its error messages', () => {
    const envelope = cipher.encrypt(aws);
    envelope[40] ^= 0x01;
    const failure = (() => {
      try {
        cipher.decrypt('aws', envelope);
      } catch (error) {
        return error as Error;
      }
      throw new Error('no failure');
    })();

    expect(`${failure.message} ${JSON.stringify(failure)} ${failure.stack}`).not.toContain(SECRET);
  });
});

function reveal(credentials: CostCredentials): Record<string, unknown> {
  return revealCostCredentials(credentials);
}

function testEnv(): Record<string, string> {
  return {
    DATABASE_URL: 'postgres://apex:apex@127.0.0.1:5432/apex',
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    JWT_SECRET: 'a-test-secret-that-is-long-enough-for-hs256-0123456789',
    APP_URL: 'http://localhost:4200',
  };
}
