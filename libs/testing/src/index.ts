export * from './workspace-root';
export * from './test-database';
export * from './smtp';
export * from './temporal-env';
export * from './wait-for';
export * from './test-stack';
