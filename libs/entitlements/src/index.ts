export * from './entitlements-port';
export * from './entitlements.service';
export * from './feature-flags.service';
export * from './organization-plans.service';
export * from './cost-data-limits';
export * from './entitlements.module';
