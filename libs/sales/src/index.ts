export * from './enterprise-inquiry.service';
export * from './enterprise-inquiry-activities';
export * from './sales.module';
