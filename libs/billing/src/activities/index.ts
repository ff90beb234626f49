export * from './payments-gate';
export * from './billing-email.activity';
export * from './downgrade-to-free.activity';
export * from './trial.activities';
export * from './dunning.activities';
export * from './billing-period.activities';
export * from './billing-activities.service';
export * from './billing-activities.module';
