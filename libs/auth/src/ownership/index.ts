export * from './ownership';
export * from './audit-log';
export * from './owner-backfill';
