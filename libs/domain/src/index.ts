export * from './enterprise-inquiry';
export * from './entitlements';
export * from './rolling-window';
export * from './ai-spend';
export * from './spend-based-price';
export * from './decimal';
export * from './token-pricing';
export * from './savings-sequence';
