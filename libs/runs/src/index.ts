export * from './run-record';
export * from './run-admission.service';
export * from './runs.service';
export * from './run-usage.service';
export * from './supervisor-run-activities';
export * from './runs.module';
