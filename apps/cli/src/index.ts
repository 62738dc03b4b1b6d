export { up } from './commands/up';
export { APPS } from './apps';
