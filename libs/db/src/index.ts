export * from './url';
export * from './data-source';
export * from './column-types';
export * from './database.module';
