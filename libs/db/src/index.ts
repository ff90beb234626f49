export * from './entities';
export * from './data-source-options';
export * from './run-migrations';
export * from './db.module';
