export * from './app-config';
export * from './config.module';
export * from './config-error';
export * from './schema';
export * from './load-config-or-exit';
export * from './llm-config';
export * from './secret-value';
export * from './proof-config';
