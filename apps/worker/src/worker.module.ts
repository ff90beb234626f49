import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AccountEmailsModule } from '@apex/accounts';
import { BillingActivitiesModule } from '@apex/billing';
import { AppConfig, ConfigModule } from '@apex/config';
import { CostIngestionModule } from '@apex/costs';
import { DbModule } from '@apex/db';
import { EmailModule } from '@apex/email';
import { EntitlementsModule } from '@apex/entitlements';
import { MeteringModule } from '@apex/metering';
import { OptimizerModule } from '@apex/optimizer';
import { ProofsModule } from '@apex/proofs';
import { RunsModule } from '@apex/runs';
import { SalesModule } from '@apex/sales';
import { SandboxModule } from '@apex/sandbox';
import { ActivitiesRegistry } from './activities.registry';
import { TemporalWorker } from './temporal-worker';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logging.level, base: { service: 'worker' } } }),
        DbModule.forRoot(),
        EmailModule,
        AccountEmailsModule,
        EntitlementsModule,
        MeteringModule,
        SalesModule,
        RunsModule,
        OptimizerModule,
        ProofsModule,
        CostIngestionModule,
        BillingActivitiesModule,
        SandboxModule,
      ],
      providers: [ActivitiesRegistry, TemporalWorker],
    };
  }
}
