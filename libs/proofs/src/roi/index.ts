export * from './roi.module';
export * from './roi.service';
