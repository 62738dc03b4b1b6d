export * from './run-registered';
export * from './run-status';
export * from './parameter-types';
