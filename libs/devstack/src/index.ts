export * from './native-import';
export * from './ports';
export * from './embedded-postgres';
export * from './smtp-catcher';
export * from './temporal-dev-server';
export * from './temporal-binaries';
export * from './node-app';
export * from './stack';
