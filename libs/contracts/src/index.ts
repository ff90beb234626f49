export * from './problem';
export * from './task-queues';
export * from './enterprise-inquiry';
export * from './health';
export * from './email';
export * from './plans';
export * from './accounts';
export * from './usage';
