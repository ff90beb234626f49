import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

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
