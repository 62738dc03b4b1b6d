export * from './run-registered';
export * from './run-status';
