import { Module } from '@nestjs/common';
import { BillingModule } from '@apex/billing';
import { OptimizerModule } from '@apex/optimizer';
import { RoiService } from './roi.service';

/** The ROI calculator and forecaster: verified proofs, open recommendations and billing's fee for one organisation. */
@Module({
  imports: [BillingModule, OptimizerModule],
  providers: [RoiService],
  exports: [RoiService],
})
export class RoiModule {}
