import { Module } from '@nestjs/common';
import { AccountsModule } from '@apex/accounts';
import { CostsModule } from '@apex/costs';
import { EntitlementsModule } from '@apex/entitlements';
import { OptimizerModule } from '@apex/optimizer';
import { RoiModule } from '@apex/proofs';
import { RunsModule } from '@apex/runs';
import { SandboxModule } from '@apex/sandbox';
import { CostFileUploadsGuard } from '../cost-files/cost-file-uploads.guard';
import { RunWorkflows } from '../runs/run-workflows';
import { SandboxSignUp } from './sandbox-sign-up';
import { SandboxController } from './sandbox.controller';
import { SandboxWorkflows } from './sandbox-workflows';

/** ROI before sign-up: the public sandbox routes, and the sign-up that keeps a sandbox. */
@Module({
  imports: [SandboxModule, CostsModule, EntitlementsModule, RunsModule, OptimizerModule, RoiModule, AccountsModule],
  controllers: [SandboxController],
  providers: [SandboxWorkflows, SandboxSignUp, RunWorkflows, CostFileUploadsGuard],
  exports: [SandboxSignUp],
})
export class SandboxApiModule {}
