import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from '@apex/accounts';
import { AppConfig, ConfigModule } from '@apex/config';
import { DbModule } from '@apex/db';
import { requestId } from '@apex/http';
import { SalesModule } from '@apex/sales';
import { TemporalClientModule } from '@apex/temporal';
import { EnterpriseInquiriesController } from './enterprise-inquiries/enterprise-inquiries.controller';
import { EnterpriseInquiryStarter } from './enterprise-inquiries/enterprise-inquiry.starter';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { HealthModule } from './health/health.module';

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
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
          },
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        DbModule.forRoot(),
        TemporalClientModule,
        AccountsModule,
        SalesModule,
        HealthModule,
      ],
      controllers: [AuthController, EnterpriseInquiriesController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }, EnterpriseInquiryStarter],
    };
  }
}
