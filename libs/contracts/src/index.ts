export * from './run-registered';
