import { Module } from '@nestjs/common';
import { ProofsModule } from '@apex/proofs';
import { ProofExportsController } from './proof-exports.controller';
import { ProofReportingPeriodController } from './proof-reporting-period.controller';
import { ProofWorkflows } from './proof-workflows';
import { ProofsController } from './proofs.controller';
import { RecommendationImplementationController } from './recommendation-implementation.controller';
import { RecommendationImplementedController } from './recommendation-implemented.controller';

/** Proofs of savings: confirming an implementation starts one; proofs are read per organisation; the public key is public. */
@Module({
  imports: [ProofsModule],
  controllers: [ProofsController, RecommendationImplementedController, RecommendationImplementationController, ProofExportsController, ProofReportingPeriodController],
  providers: [ProofWorkflows],
})
export class ProofsApiModule {}
