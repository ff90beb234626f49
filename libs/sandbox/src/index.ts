export * from './sandbox-errors';
export * from './sandbox-secrets';
export * from './sandboxes.service';
export * from './openai-export';
export * from './openai-export-loader';
export * from './sandbox-activities';
export * from './sandbox.module';
