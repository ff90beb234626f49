export * from './enterprise-inquiry';
