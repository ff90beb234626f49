export * from './usage-tracker-port';
