import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { MeteringModule } from '@apex/metering';
import { SavingsApiModule } from '../savings/savings-api.module';
import { ApiCallMeter } from './api-call-meter';
import { UsageController } from './usage.controller';

@Module({
  imports: [AccountsModule, MeteringModule, SavingsApiModule],
  controllers: [UsageController],
  providers: [ApiCallMeter],
  exports: [ApiCallMeter],
})
export class MeteringApiModule {}
