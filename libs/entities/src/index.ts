export * from './auth';
export * from './cache';
export * from './checksums';
