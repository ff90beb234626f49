export * from './template-renderer';
export * from './email-outbox.service';
export * from './email.module';
export * from './email-activities';
