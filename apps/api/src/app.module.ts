import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from '@apex/accounts';
import { AppConfig, ConfigModule } from '@apex/config';
import { DbModule } from '@apex/db';
import { EntitlementsModule } from '@apex/entitlements';
import { requestId } from '@apex/http';
import { MeteringModule } from '@apex/metering';
import { SalesModule } from '@apex/sales';
import { TemporalClientModule } from '@apex/temporal';
import { EnterpriseInquiriesController } from './enterprise-inquiries/enterprise-inquiries.controller';
import { EnterpriseInquiryStarter } from './enterprise-inquiries/enterprise-inquiry.starter';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { OrganizationModule } from './organization/organization.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { HealthModule } from './health/health.module';
import { AdminModule } from './admin/admin.module';
import { EntitlementsApiModule } from './entitlements/entitlements-api.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MeteringApiModule } from './metering/metering-api.module';
import { RunsApiModule } from './runs/runs-api.module';
import { RecommendationsApiModule } from './recommendations/recommendations-api.module';
import { ProofsApiModule } from './proofs/proofs-api.module';
import { ProofShareLinksApiModule } from './proof-share-links/proof-share-links-api.module';
import { PriceBookApiModule } from './price-book/price-book-api.module';
import { BillingApiModule } from './billing/billing-api.module';
import { MetricsApiModule } from './metrics/metrics-api.module';
import { CostFilesApiModule } from './cost-files/cost-files-api.module';
import { CostConnectionsApiModule } from './cost-connections/cost-connections-api.module';
import { RoiApiModule } from './roi/roi-api.module';
import { SavingsApiModule } from './savings/savings-api.module';
import { SandboxApiModule } from './sandbox/sandbox-api.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logging.level,
            base: { service: 'api' },
            genReqId: (req, res) => requestId(req, res),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.headers["x-inquiry-token"]'],
          },
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        DbModule.forRoot(),
        TemporalClientModule,
        AccountsModule,
        AuthModule,
        OrganizationModule,
        ApiKeysModule,
        EntitlementsModule,
        MeteringModule,
        EntitlementsApiModule,
        MeteringApiModule,
        IdempotencyModule,
        AdminModule,
        RunsApiModule,
        RecommendationsApiModule,
        ProofsApiModule,
        ProofShareLinksApiModule,
        PriceBookApiModule,
        BillingApiModule,
        MetricsApiModule,
        CostFilesApiModule,
        CostConnectionsApiModule,
        RoiApiModule,
        SavingsApiModule,
        SandboxApiModule,
        SalesModule,
        HealthModule,
      ],
      controllers: [AuthController, EnterpriseInquiriesController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }, EnterpriseInquiryStarter],
    };
  }
}
