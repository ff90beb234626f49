import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { MeteringModule } from '@apex/metering';
import { ApiCallMeter } from './api-call-meter';
import { UsageController } from './usage.controller';

@Module({
  imports: [AccountsModule, MeteringModule],
  controllers: [UsageController],
  providers: [ApiCallMeter],
  exports: [ApiCallMeter],
})
export class MeteringApiModule {}
