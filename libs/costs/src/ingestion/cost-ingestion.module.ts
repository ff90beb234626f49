import { Module } from '@nestjs/common';
import { CostConnectorsModule } from '../connectors/cost-connectors.module';
import { CostIngestionActivitiesService } from './cost-ingestion-activities';
import { CostIngestionStore } from './cost-ingestion.store';

/** The worker's side of API ingestion: the activities of the backfill, sync and ingestion workflows. */
@Module({
  imports: [CostConnectorsModule],
  providers: [CostIngestionStore, CostIngestionActivitiesService],
  exports: [CostIngestionActivitiesService],
})
export class CostIngestionModule {}
