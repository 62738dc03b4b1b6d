export * from './queue.types';
export * from './inline.driver';
export * from './bullmq.driver';
export * from './queue.module';
export * from './broadcast';
