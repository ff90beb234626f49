export * from './usage-tracker-port';
export * from './ledger';
export * from './usage-tracker';
export * from './usage-reconciliation.service';
export * from './usage-reconciliation-activities';
export * from './usage-reconciliation-schedule';
export * from './metering.module';
