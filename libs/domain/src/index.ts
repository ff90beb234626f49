export * from './enterprise-inquiry';
export * from './entitlements';
export * from './rolling-window';
