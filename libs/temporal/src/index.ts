export * from './temporal-client.module';
export * from './workflow-bundle';
