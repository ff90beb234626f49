export * from './entitlements-port';
