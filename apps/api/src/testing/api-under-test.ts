import { generateKeyPairSync } from 'node:crypto';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@apex/config';
import { AppModule } from '../app.module';
import { configureHttp } from '../configure-http';

export const TEST_JWT_SECRET = 'api-test-secret-'.padEnd(48, 'x');
/** 32 bytes in base64, the shape CREDENTIALS_KEY must have. */
export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 7).toString('base64');

/** An Ed25519 key made for this test process, the shape PROOF_SIGNING_KEY must have (PKCS#8 PEM). */
export const TEST_PROOF_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/**
 * Every spec signs up, logs in and fails from 127.0.0.1, far more often than a person would; the throttling specs
 * set their own small limits over these.
 */
export const RELAXED_THROTTLING: Record<string, string> = {
  LOGIN_FAILURES_PER_ADDRESS: '10000',
  LOGIN_FAILURES_BEFORE_DELAY: '10000',
  LOGIN_LOCK_AFTER_FAILURES: '10000',
  PASSWORD_RESET_REQUESTS_PER_ADDRESS_HOUR: '10000',
  SIGN_UPS_PER_ADDRESS_HOUR: '10000',
  LINK_TOKEN_FAILURES_PER_ADDRESS: '10000',
  REFRESH_FAILURES_PER_ADDRESS: '10000',
  API_KEY_FAILURES_PER_PREFIX: '10000',
  API_KEY_FAILURES_PER_ADDRESS: '10000',
};

export interface ApiUnderTest {
  app: NestExpressApplication;
  url: string;
  /** fetch against /api/v1 with JSON in and out. */
  call(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export interface ApiUnderTestOptions {
  /** Controllers that exist only in a test; they get the same global guards, interceptors and filters as every route. */
  controllers?: Type[];
}

/** The API exactly as main.ts builds it, in this process, on a free port. */
export async function startApiUnderTest(env: Record<string, string>, options: ApiUnderTestOptions = {}): Promise<ApiUnderTest> {
  const config = AppConfig.fromEnv({
    SMTP_URL: 'smtp://127.0.0.1:1',
    JWT_SECRET: TEST_JWT_SECRET,
    CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    PROOF_SIGNING_KEY: TEST_PROOF_SIGNING_KEY,
    LOG_LEVEL: 'silent',
    ...RELAXED_THROTTLING,
    ...env,
  });
  const root = options.controllers?.length ? withControllers(AppModule.forRoot(config), options.controllers) : AppModule.forRoot(config);
  const app = await NestFactory.create<NestExpressApplication>(root, { bodyParser: false, logger: false });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    call: (method, path, options = {}) =>
      fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      }),
    close: () => app.close(),
  };
}

function withControllers(appModule: DynamicModule, controllers: Type[]) {
  @Module({ imports: [appModule], controllers })
  class TestRoot {}
  return TestRoot;
}
