export * from './narrative';
export * from './narrative-writer';
export * from './numbers-in';
