export * from './optimizer.module';
export * from './optimizer-activities';
export * from './stores/recommendations.store';
export * from './stores/run-reports.store';
export * from './findings/finding';
export * from './findings/evidence';
export * from './narrative';
export { SERVICE_TIER_SQL } from './profile/usage-groups.sql';
