import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureHttp } from './configure-http';
import { loadConfigOrExit } from './load-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.http.port);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
