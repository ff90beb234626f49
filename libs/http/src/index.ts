export * from './problem.exception';
export * from './problem-details.filter';
export * from './problems-filter';
export * from './validation';
export * from './request-id';
export * from './body-parser-errors';
