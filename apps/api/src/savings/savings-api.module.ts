import { Module } from '@nestjs/common';
import { MeteringModule } from '@apex/metering';
import { ProofsModule } from '@apex/proofs';
import { RunSavings } from './run-savings';
import { SavingsController } from './savings.controller';

/** Savings on the value dashboard, and the runs' and usage summary's "cost saved" read from verified proofs. */
@Module({
  imports: [ProofsModule, MeteringModule],
  controllers: [SavingsController],
  providers: [RunSavings],
  exports: [RunSavings],
})
export class SavingsApiModule {}
