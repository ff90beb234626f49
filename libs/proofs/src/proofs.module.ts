import { Module } from '@nestjs/common';
import { OptimizerModule } from '@apex/optimizer';
import { PriceBookModule } from '@apex/pricing';
import { ProofActivitiesService } from './proof-activities';
import { ProofsService } from './proofs.service';
import { ProofPriceBook } from './pricing/proof-price-book';
import { ProofSigner } from './signing/proof-signer';
import { ProofEventsStore } from './stores/proof-events.store';
import { ProofsStore } from './stores/proofs.store';

/** Proofs of savings: the API opens and reads them, the worker's activities measure and sign them. */
@Module({
  imports: [OptimizerModule, PriceBookModule],
  providers: [ProofsStore, ProofEventsStore, ProofSigner, ProofPriceBook, ProofActivitiesService, ProofsService],
  exports: [ProofsService, ProofActivitiesService, ProofSigner, ProofEventsStore],
})
export class ProofsModule {}
