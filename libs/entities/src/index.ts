export * from './auth';
export * from './cache';
export * from './checksums';
export * from './catalog';
export * from './results';
export * from './files';
