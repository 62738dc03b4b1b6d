import Database from 'better-sqlite3';
import { SIM2L_RUN_DB_DDL } from './index';

/**
 * Run files that look like sim2l's but whose schema runs SQL when they are read: what a hostile
 * user may upload. `generated_column` is the one from issue 15: `inputs.value_blob` computed as
 * a 50 MB zeroblob on every row read, in a file of about 100 KB.
 */
export const HOSTILE_SCHEMAS = {
  generated_column: (ddl: string) =>
    ddl.replace(
      /(CREATE TABLE inputs \([^;]*?)value_blob BLOB/,
      '$1value_blob BLOB GENERATED ALWAYS AS (zeroblob(50000000)) VIRTUAL',
    ),
  trigger: (ddl: string) => `${ddl}\nCREATE TRIGGER grow AFTER INSERT ON logs BEGIN SELECT 1; END;`,
  virtual_table: (ddl: string) => `${ddl}\nCREATE VIRTUAL TABLE notes USING fts5(body);`,
  extra_view: (ddl: string) => `${ddl}\nCREATE VIEW blobs AS SELECT zeroblob(50000000) AS b;`,
  extra_table: (ddl: string) => `${ddl}\nCREATE TABLE payload (b BLOB);`,
} as const;
export type HostileSchema = keyof typeof HOSTILE_SCHEMAS;

/** Writes a run of `inputs` input rows into a file whose schema is sim2l's changed by `kind`. */
export function writeHostileRunFile(
  path: string,
  executionId: string,
  kind: HostileSchema,
  inputs = 40,
): void {
  const ddl = HOSTILE_SCHEMAS[kind](SIM2L_RUN_DB_DDL);
  if (ddl === SIM2L_RUN_DB_DDL) throw new Error(`the ${kind} change did not apply to the schema`);
  const db = new Database(path);
  try {
    db.exec(ddl);
    db.exec('BEGIN');
    db.prepare(
      `INSERT INTO run_metadata (execution_id, simulation_name, simulation_version, started_at, status, executor_type)
       VALUES (?, 'thermal_sim', '1.0.0', '2024-03-01 10:00:00', 'completed', 'local')`,
    ).run(executionId);
    const insert = db.prepare("INSERT INTO inputs (name, type, value) VALUES (?, 'number', ?)");
    for (let i = 0; i < inputs; i++) insert.run(`p${i}`, String(i));
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}
