export * from './auth';
export * from './cache';
