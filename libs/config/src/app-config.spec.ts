import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { parseProofSigningKey } from './proof-config';

const valid = {
  DATABASE_URL: 'postgres://apex:apex@localhost:5432/apex',
  TEMPORAL_ADDRESS: 'localhost:7233',
  SMTP_URL: 'smtp://localhost:1025',
  JWT_SECRET: 'x'.repeat(32),
};

function issuesOf(env: Record<string, string | undefined>) {
  try {
    AppConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig', () => {
  it('applies defaults to a minimal valid environment', () => {
    const config = AppConfig.fromEnv(valid);
    expect(config.http.port).toBe(3000);
    expect(config.temporal).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'apex-main' });
    expect(config.database.url).toBe(valid.DATABASE_URL);
  });

  it('names every missing variable and what it expects', () => {
    const error = issuesOf({});
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'SMTP_URL', 'TEMPORAL_ADDRESS']);
    expect(error.message).toContain('DATABASE_URL: expected a URL like postgres://');
    expect(error.message).toContain('(got not set)');
  });

  it('rejects a wrong protocol without echoing the secret-bearing URL', () => {
    const error = issuesOf({ ...valid, DATABASE_URL: 'mysql://root:hunter2@db/apex' });
    expect(error.issues).toEqual([
      { variable: 'DATABASE_URL', expected: expect.stringContaining('postgres:// or postgresql://'), received: 'an invalid value' },
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects a port out of range and a malformed Temporal address', () => {
    const error = issuesOf({ ...valid, PORT: '70000', TEMPORAL_ADDRESS: 'http://temporal' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['PORT', 'TEMPORAL_ADDRESS']);
    expect(error.message).toContain('PORT: expected a TCP port between 1 and 65535 (got "70000")');
  });
});

describe('AppConfig: the language model', () => {
  const llm = { LLM_API_URL: 'http://127.0.0.1:8080/v1/', LLM_API_KEY: 'sk-test-hunter2', LLM_MODEL: 'gpt-4o-mini' };

  it('is off when none of its variables is set', () => {
    expect(AppConfig.fromEnv(valid).llm).toBeNull();
    expect(AppConfig.fromEnv({ ...valid, LLM_API_URL: '', LLM_API_KEY: '', LLM_MODEL: '' }).llm).toBeNull();
  });

  it('is on with URL, key and model, with a default timeout and a key that never prints', () => {
    const config = AppConfig.fromEnv({ ...valid, ...llm });
    expect(config.llm).toMatchObject({ apiUrl: 'http://127.0.0.1:8080/v1', model: 'gpt-4o-mini', timeoutMs: 20_000 });
    expect(config.llm?.apiKey.reveal()).toBe('sk-test-hunter2');
    expect(JSON.stringify(config.llm)).not.toContain('hunter2');
    expect(String(config.llm?.apiKey)).toBe('[redacted]');
    expect(inspect(config.llm)).not.toContain('hunter2');
    expect(AppConfig.fromEnv({ ...valid, ...llm, LLM_TIMEOUT_MS: '5000' }).llm?.timeoutMs).toBe(5000);
  });

  it('names the missing variables when only some are set, without echoing the key', () => {
    const error = issuesOf({ ...valid, LLM_API_KEY: llm.LLM_API_KEY });
    expect(error.issues.map((i) => i.variable)).toEqual(['LLM_API_URL', 'LLM_MODEL']);
    expect(error.message).toContain('LLM_API_URL: expected to be set with LLM_API_KEY');
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects a URL that is not http(s) and a bad timeout', () => {
    const error = issuesOf({ ...valid, ...llm, LLM_API_URL: 'ftp://x', LLM_TIMEOUT_MS: 'soon' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['LLM_API_URL', 'LLM_TIMEOUT_MS']);
  });
});

describe('AppConfig: proofs of savings', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

  it('reports over 14 days unless told, at least 7, and has no key outside production unless given one', () => {
    const config = AppConfig.fromEnv(valid);
    expect(config.proofs.reportingDays).toBe(14);
    expect(config.proofs.signingKey).toBeUndefined();
    expect(AppConfig.fromEnv({ ...valid, PROOF_REPORTING_DAYS: '7' }).proofs.reportingDays).toBe(7);
    expect(issuesOf({ ...valid, PROOF_REPORTING_DAYS: '6' }).message).toContain('PROOF_REPORTING_DAYS: expected at least 7 days (got "6")');
  });

  it('takes the signing key as PKCS#8 PEM (newlines escaped or not) or base64 DER, and never prints it', () => {
    for (const value of [pem, pem.replace(/\n/g, '\\n'), der]) {
      const key = AppConfig.fromEnv({ ...valid, PROOF_SIGNING_KEY: value }).proofs.signingKey;
      expect(parseProofSigningKey(key!.reveal()).asymmetricKeyType).toBe('ed25519');
      expect(JSON.stringify(key)).toBe('"[redacted]"');
    }
  });

  it('refuses a key that is not Ed25519 without echoing it, and production without a key, naming the variable', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    for (const value of [rsa, 'not-a-key']) {
      const error = issuesOf({ ...valid, PROOF_SIGNING_KEY: value });
      expect(error.issues).toEqual([{ variable: 'PROOF_SIGNING_KEY', expected: expect.stringContaining('Ed25519'), received: 'an invalid value' }]);
      expect(error.message).not.toContain(value);
    }
    const production = issuesOf({ ...valid, NODE_ENV: 'production' });
    expect(production.issues).toEqual([{ variable: 'PROOF_SIGNING_KEY', expected: expect.stringContaining('in production'), received: 'not set' }]);
    expect(AppConfig.fromEnv({ ...valid, NODE_ENV: 'production', PROOF_SIGNING_KEY: der }).proofs.signingKey).toBeDefined();
  });
});
