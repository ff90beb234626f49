import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@apex/config';
import { DbModule } from '@apex/db';
import { requestId } from '@apex/http';
import { SalesModule } from '@apex/sales';
import { TemporalClientModule } from '@apex/temporal';
import { EnterpriseInquiriesController } from './enterprise-inquiries/enterprise-inquiries.controller';
import { EnterpriseInquiryStarter } from './enterprise-inquiries/enterprise-inquiry.starter';
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
        SalesModule,
        HealthModule,
      ],
      controllers: [EnterpriseInquiriesController],
      providers: [EnterpriseInquiryStarter],
    };
  }
}
