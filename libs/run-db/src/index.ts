export * from './execution-id';
export * from './errors';
export * from './schema';
export * from './values';
export * from './checksum';
export * from './run-database';
export * from './run-file';
