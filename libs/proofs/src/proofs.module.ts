import { Module } from '@nestjs/common';
import { OptimizerModule } from '@apex/optimizer';
import { PriceBookModule } from '@apex/pricing';
import { ProofEvidence } from './export/proof-evidence.service';
import { ImplementationDetectionService } from './detection/implementation-detection.service';
import { ProofActivitiesService } from './proof-activities';
import { ProofsService } from './proofs.service';
import { SavingsService } from './savings/savings.service';
import { ProofPriceBook } from './pricing/proof-price-book';
import { ProofShareLinksService } from './share-links/proof-share-links.service';
import { ProofShareLinksStore } from './share-links/proof-share-links.store';
import { ProofSigner } from './signing/proof-signer';
import { ProofEventsStore } from './stores/proof-events.store';
import { ProofsStore } from './stores/proofs.store';

/** Proofs of savings: the API opens and reads them, the worker's activities measure and sign them. */
@Module({
  imports: [OptimizerModule, PriceBookModule],
  providers: [ProofsStore, ProofEventsStore, ProofSigner, ProofPriceBook, ProofActivitiesService, ProofsService, ProofShareLinksStore, ProofShareLinksService, ProofEvidence, ImplementationDetectionService, SavingsService],
  exports: [ImplementationDetectionService, SavingsService, ProofsService, ProofShareLinksService, ProofEvidence, ProofActivitiesService, ProofSigner, ProofEventsStore],
})
export class ProofsModule {}
