export * from './http';
export * from './auth';
export * from './cache';
export * from './catalog';
export * from './results';
export * from './files';
export * from './streams';
