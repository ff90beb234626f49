import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

const valid = {
  DATABASE_URL: 'postgres://apex:apex@localhost:5432/apex',
  TEMPORAL_ADDRESS: 'localhost:7233',
  SMTP_URL: 'smtp://localhost:1025',
  JWT_SECRET: 'x'.repeat(32),
};

describe('Throttling settings', () => {
  it('default to limits a person never meets and to trusting no proxy', () => {
    const { throttling } = AppConfig.fromEnv(valid);
    expect(throttling.trustedProxies).toEqual([]);
    expect(throttling.login).toEqual({
      perAddress: { limit: 20, windowSeconds: 900 },
      windowSeconds: 900,
      failuresBeforeDelay: 5,
      maxDelaySeconds: 60,
      lockAfterFailures: 10,
      lockMinAddresses: 3,
      lockSeconds: 900,
      lockMaxSeconds: 7200,
    });
    expect(throttling.signUpsPerAddress).toEqual({ limit: 10, windowSeconds: 3600 });
    expect(throttling.passwordResetRequestsPerAddress).toEqual({ limit: 10, windowSeconds: 3600 });
    expect(throttling.linkTokenFailuresPerAddress).toEqual({ limit: 20, windowSeconds: 900 });
    expect(throttling.refreshFailuresPerAddress).toEqual({ limit: 20, windowSeconds: 900 });
    expect(throttling.apiKeyFailuresPerPrefix).toEqual({ limit: 10, windowSeconds: 900 });
    expect(throttling.apiKeyFailuresPerAddress).toEqual({ limit: 30, windowSeconds: 900 });
  });

  it('reads trusted proxies as addresses and CIDR ranges', () => {
    const { throttling } = AppConfig.fromEnv({ ...valid, TRUSTED_PROXIES: ' 10.0.0.0/8, 127.0.0.1,fd00::/8 ' });
    expect(throttling.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
  });

  it.each(['10.0.0.0/33', '999.1.1.1', 'proxy.internal', '10.0.0.0/8/1', '::1/129'])('refuses %s as a trusted proxy', (entry) => {
    expect(() => AppConfig.fromEnv({ ...valid, TRUSTED_PROXIES: entry })).toThrow(ConfigError);
  });

  it('refuses limits below one', () => {
    expect(() => AppConfig.fromEnv({ ...valid, LOGIN_FAILURES_PER_ADDRESS: '0' })).toThrow(/LOGIN_FAILURES_PER_ADDRESS/);
  });
});
