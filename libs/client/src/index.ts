export * from './http';
export * from './auth';
