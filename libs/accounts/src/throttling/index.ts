export * from './client-address';
export * from './client-addresses.service';
export * from './login-throttle.service';
export * from './throttle-buckets';
export * from './throttle-counters';
export * from './throttle.service';
export * from './throttled.error';
