import { Module } from '@nestjs/common';
import { ProofsModule } from '@apex/proofs';
import { ProofWorkflows } from './proof-workflows';
import { ProofsController } from './proofs.controller';
import { RecommendationImplementedController } from './recommendation-implemented.controller';

/** Proofs of savings: confirming an implementation starts one; proofs are read per organisation; the public key is public. */
@Module({
  imports: [ProofsModule],
  controllers: [ProofsController, RecommendationImplementedController],
  providers: [ProofWorkflows],
})
export class ProofsApiModule {}
