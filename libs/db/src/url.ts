import { resolve } from 'node:path';
import { redactUrl } from '@simvault/core';

export type Backend = 'sqlite' | 'postgres';

export interface DatabaseLocation {
  backend: Backend;
  /** SQLite: absolute file path (or ':memory:'). PostgreSQL: the connection URL. */
  target: string;
}

/** `sqlite:<path>` (relative paths are resolved from the working directory) or `postgres://…`. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new Error('A sqlite database URL needs a path: sqlite:<path>');
    return { backend: 'sqlite', target: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { backend: 'postgres', target: url };
  throw new Error(`Unsupported database URL "${redact(url)}": use sqlite:<path> or postgres://user@host/db`);
}

/** The URL with any password replaced, for logs and error messages (libs/core's one rule). */
export const redact = redactUrl;
