import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Backend } from '../url';

/** Backends every integration suite runs on; SIMVAULT_TEST_BACKENDS narrows it for a quick local run. */
export const TEST_BACKENDS: Backend[] = (process.env.SIMVAULT_TEST_BACKENDS ?? 'sqlite,postgres')
  .split(',')
  .map((b) => b.trim())
  .filter((b): b is Backend => b === 'sqlite' || b === 'postgres');

/** An administrative connection to the local PostgreSQL, which creates and drops test databases. */
export const TEST_POSTGRES_URL =
  process.env.SIMVAULT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  backend: Backend;
  url: string;
  /** A fresh scratch directory for the suite (data dir, run files). */
  dir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test suite: a temporary SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(backend: Backend, label = 'test'): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `simvault-${label}-`));
  if (backend === 'sqlite') {
    return {
      backend,
      url: `sqlite:${join(dir, `${label}.sqlite`)}`,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `simvault_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    backend,
    url: url.toString(),
    dir,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
