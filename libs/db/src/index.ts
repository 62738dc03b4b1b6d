export * from './url';
export * from './data-source';
export * from './column-types';
export * from './dialect';
export * from './database.module';
export * from './sqlite-backup';
export * from './transaction';
export * from './raw-sql';
