import { Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@apex/config';
import { AppModule } from '../../app.module';
import { configureHttp } from '../../configure-http';
import { ApiUnderTest, TEST_JWT_SECRET } from '../../testing/api-under-test';

/**
 * The API as main.ts builds it, plus controllers that exist only in a test:
 * they get the same global guards, interceptors and filters as every route.
 */
export async function startApiWithTestRoutes(env: Record<string, string>, controllers: Type[]): Promise<ApiUnderTest> {
  const config = AppConfig.fromEnv({ SMTP_URL: 'smtp://127.0.0.1:1', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', ...env });

  @Module({ imports: [AppModule.forRoot(config)], controllers })
  class TestRoot {}

  const app = await NestFactory.create<NestExpressApplication>(TestRoot, { bodyParser: false, logger: false });
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
