import { Module } from '@nestjs/common';
import { ProofsModule } from '@apex/proofs';
import { ProofShareLinksController } from './proof-share-links.controller';
import { PublicProofsController } from './public-proofs.controller';

/** Share links of signed proof reports: the owner's routes, and the public ones a link's reader uses. */
@Module({
  imports: [ProofsModule],
  controllers: [ProofShareLinksController, PublicProofsController],
})
export class ProofShareLinksApiModule {}
