import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { OptimizerModule } from '@apex/optimizer';
import { RunsModule } from '@apex/runs';
import { SavingsApiModule } from '../savings/savings-api.module';
import { RunCanceller } from './run-canceller';
import { RunLauncher } from './run-launcher';
import { RunWorkflows } from './run-workflows';
import { RunsController } from './runs.controller';

@Module({
  imports: [RunsModule, EntitlementsModule, OptimizerModule, SavingsApiModule],
  controllers: [RunsController],
  providers: [RunLauncher, RunCanceller, RunWorkflows],
})
export class RunsApiModule {}
