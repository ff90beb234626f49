export * from './access-tokens';
export * from './opaque-secrets';
export * from './password-hasher';
export * from './principal-resolver.service';
export * from './accounts.service';
export * from './accounts.module';
