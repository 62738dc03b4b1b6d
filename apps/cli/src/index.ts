export { up } from './commands/up';
export { APPS, DATABASE_APPS } from './apps';
