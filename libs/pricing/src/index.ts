export * from './model-names';
export * from './rules';
export * from './price-book-import';
export * from './price-book-snapshot';
export * from './price-book.service';
export * from './price-book.module';
export * from './sources/parsed-entry';
export * from './price-book-diff';
