import { Module } from '@nestjs/common';
import { CostConnectorsModule } from '../connectors/cost-connectors.module';
import { CostBackfills } from '../ingestion/cost-backfills';
import { CostSyncSchedules } from '../ingestion/cost-sync-schedules';
import { CostConnectionsService } from './cost-connections.service';

/** The API's side of cost connections; needs the Temporal Client (TemporalClientModule) and AppConfig. */
@Module({
  imports: [CostConnectorsModule],
  providers: [CostConnectionsService, CostBackfills, CostSyncSchedules],
  exports: [CostConnectionsService, CostBackfills, CostSyncSchedules],
})
export class CostConnectionsModule {}
