export * from './cost-ingestion.store';
export * from './cost-ingestion-activities';
export * from './cost-ingestion.module';
export * from './cost-backfills';
export * from './cost-sync-schedules';
export * from './connector-failures';
