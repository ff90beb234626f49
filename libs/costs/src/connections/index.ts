export * from './cost-connection-errors';
export * from './cost-connections.service';
export * from './cost-connections.module';
