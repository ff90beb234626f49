import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@apex/config';
import { scheduleUsageReconciliation } from '@apex/metering';
import { WorkerModule } from './worker.module';
import { TemporalWorker } from './temporal-worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await scheduleUsageReconciliation(config);
  try {
    // Resolves once the worker has drained after SIGINT/SIGTERM (the SDK handles those signals).
    await app.get(TemporalWorker).run();
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
