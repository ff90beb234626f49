import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { AwsAccessKeyCredentials, describeCostCredentials, parseCostCredentials } from './cost-credentials';
import { InvalidConnectionInputError } from './invalid-connection-input';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function failureOf(run: () => unknown): InvalidConnectionInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidConnectionInputError) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

describe('cost credentials', () => {
  it('never shows a secret when the credentials are logged, serialised or interpolated', () => {
    const credentials = parseCostCredentials('aws', {
      kind: 'access_key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET,
      sessionToken: 'session-token-value',
    }) as AwsAccessKeyCredentials;

    const printed = [JSON.stringify(credentials), inspect(credentials, { depth: 5 }), `${credentials.secretAccessKey}`, String(credentials.sessionToken)].join(' ');

    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain('session-token-value');
    expect(printed).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(JSON.stringify(credentials)).toContain('"secretAccessKey":"[redacted]"');
    expect(credentials.secretAccessKey.reveal()).toBe(SECRET);
  });

  it('names the fields that are wrong, never their values', () => {
    const failure = failureOf(() => parseCostCredentials('aws', { kind: 'access_key', accessKeyId: SECRET, secretAccessKey: 42, extra: SECRET }));

    expect(failure.part).toBe('credentials');
    expect(failure.issues.map((issue) => issue.field).sort()).toEqual(['', 'accessKeyId', 'secretAccessKey']);
    expect(`${failure.message} ${JSON.stringify(failure)} ${JSON.stringify(failure.issues)}`).not.toContain(SECRET);
  });

  it('asks for a role ARN and a GUID where they belong', () => {
    expect(failureOf(() => parseCostCredentials('aws', { kind: 'assume_role', roleArn: 'arn:aws:iam::123:user/x' })).issues).toEqual([
      { field: 'roleArn', message: 'a role ARN (arn:aws:iam::123456789012:role/name)' },
    ]);
    expect(failureOf(() => parseCostCredentials('azure', { tenantId: '../../evil', clientId: 'nope', clientSecret: 's' })).issues.map((issue) => issue.field)).toEqual([
      'tenantId',
      'clientId',
    ]);
  });

  it('accepts a service-account key file as text and keeps only what signs in', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const credentials = parseCostCredentials('gcp', {
      serviceAccountKey: JSON.stringify({
        type: 'service_account',
        project_id: 'apex-billing-reader',
        private_key_id: 'k1',
        private_key: pem,
        client_email: 'reader@apex-billing-reader.iam.gserviceaccount.com',
        token_uri: 'https://attacker.example/token',
      }),
    });

    expect(credentials).toMatchObject({ projectId: 'apex-billing-reader', clientEmail: 'reader@apex-billing-reader.iam.gserviceaccount.com', privateKeyId: 'k1' });
    expect(JSON.stringify(credentials)).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(credentials)).not.toContain('attacker');
    expect(describeCostCredentials(credentials)).toBe('service account reader@apex-billing-reader.iam.gserviceaccount.com');
  });

  it('rejects a key file whose private key is not a key, without echoing it', () => {
    const failure = failureOf(() =>
      parseCostCredentials('gcp', {
        serviceAccountKey: { type: 'service_account', project_id: 'p-12345', private_key_id: 'k', private_key: 'not-a-key-but-secret-looking', client_email: 'a@b.c' },
      }),
    );

    expect(failure.issues).toEqual([{ field: 'serviceAccountKey.private_key', message: 'a PEM private key (-----BEGIN PRIVATE KEY-----)' }]);
    expect(failure.message).not.toContain('secret-looking');
  });

  it('describes stored credentials by identifiers and the last four characters of a key only', () => {
    const openAi = parseCostCredentials('openai', { adminKey: 'sk-admin-Zq3VbK8pLr2mXw9TnY4s' });

    expect(describeCostCredentials(openAi)).toBe('admin key ending in nY4s');
  });
});
