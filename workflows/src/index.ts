export * from './enterprise-inquiry.workflow';
