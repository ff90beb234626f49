/**
 * The baseline for bench/metering.bench.ts: GET /api/v1/usage/me answered by
 * the same UsageTracker over the same database, for a fixed user, with no
 * authentication, no feature guard, no idempotency and no metering. The
 * request logger stays, as in the API, so that it is not counted as their cost.
 */
import 'reflect-metadata';
import { Controller, Get, Module, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { UsageSummary } from '@apex/contracts';
import { AppConfig, ConfigModule } from '@apex/config';
import { DbModule } from '@apex/db';
import { MeteringModule, UsageTracker } from '@apex/metering';

const config = AppConfig.fromEnv();
const userId = process.env['BENCH_USER_ID'] ?? '';

@Controller('api/v1/usage')
class BareUsageController {
  constructor(private readonly tracker: UsageTracker) {}

  @Get('me')
  mine(): Promise<UsageSummary> {
    return this.tracker.getUsageSummary({ userId });
  }
}

@Module({
  imports: [
    ConfigModule.forRoot(config),
    LoggerModule.forRoot({
      pinoHttp: { level: config.logging.level, base: { service: 'baseline' } },
      forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    }),
    DbModule.forRoot(),
    MeteringModule,
  ],
  controllers: [BareUsageController],
})
class BaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BaselineModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(config.http.port, '127.0.0.1');
  console.log(`baseline listening on ${config.http.port}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
