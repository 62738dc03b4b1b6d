import type { DataSource } from 'typeorm';
import { dumps, loads, pyEquals, type PyObject, type PyValue } from '../py-json';
import type { Checksum } from './checksum';
import { recordConflict, recordNotFound } from './errors';
import { RecordsDatabase, sql, type Row } from './records-db';
import type { BucketProbe, ExecutionRecordInput, ExpressionKey } from './validation';

export interface ExpressionRecord {
  checksum: Checksum;
  path: PyValue;
  celltype: string;
  targetCelltype: string;
  result: Checksum;
}

export interface StoredExecutionRecord {
  checksum: Checksum;
  result: Checksum;
  /** The record's JSON text as it was sent. */
  text: string;
}

export interface IrreproducibleRecord {
  checksum: Checksum;
  result: Checksum;
  /** The execution record the transformation had when its result was withdrawn: JSON text, `""` when none. */
  metadata: string;
}

/** JSON text of "no execution record" in an irreproducible row, as the reference writes it. */
const NO_RECORD = '""';

/** How many checksums one IN (…) list carries (SQLite allows 32766 variables; PostgreSQL 65535). */
const LOOKUP_CHUNK = 500;

/**
 * What a deletion log may name (seed 001's `seamless-delete-database-from-log`: one `<type> <checksum>`
 * per line), and which rows each removes. `buffer` is the buffer store's, not a record.
 */
export const DELETABLE_RECORDS = {
  transformation: [
    'DELETE FROM transformation WHERE checksum = ? RETURNING checksum',
    'DELETE FROM rev_transformation WHERE checksum = ? RETURNING checksum',
  ],
  buffer_info: ['DELETE FROM buffer_info WHERE checksum = ? RETURNING checksum'],
  semantic_to_syntactic: ['DELETE FROM syntactic_to_semantic WHERE semantic = ? RETURNING semantic'],
  syntactic_to_semantic: ['DELETE FROM syntactic_to_semantic WHERE syntactic = ? RETURNING syntactic'],
  expression: ['DELETE FROM expression WHERE input_checksum = ? RETURNING input_checksum'],
  metadata: ['DELETE FROM meta_data WHERE checksum = ? RETURNING checksum'],
  irreproducible: ['DELETE FROM irreproducible_transformation WHERE checksum = ? RETURNING checksum'],
} as const;
export type DeletableRecord = keyof typeof DELETABLE_RECORDS;

/**
 * The records another instance can list page by page (GET /checksums/records/{kind}): each kind's
 * table, its primary key (the keyset order, served by the key's own index) and the columns sent.
 */
export const LISTABLE_RECORDS = {
  transformation: { table: 'transformation', key: ['checksum'], columns: ['checksum', 'result'] },
  buffer_info: { table: 'buffer_info', key: ['checksum'], columns: ['checksum', 'buffer_info'] },
  semantic_to_syntactic: {
    table: 'syntactic_to_semantic',
    key: ['syntactic', 'celltype', 'subcelltype', 'semantic'],
    columns: ['syntactic', 'celltype', 'subcelltype', 'semantic'],
  },
  expression: {
    table: 'expression',
    key: ['input_checksum', 'path', 'celltype', 'target_celltype'],
    columns: ['input_checksum', 'path', 'celltype', 'target_celltype', 'result'],
  },
  metadata: { table: 'meta_data', key: ['checksum'], columns: ['checksum', 'result', 'metadata'] },
  irreproducible: {
    table: 'irreproducible_transformation',
    key: ['id'],
    columns: ['id', 'checksum', 'result', 'metadata'],
  },
} as const satisfies Record<string, { table: string; key: readonly string[]; columns: readonly string[] }>;
export type ListableRecord = keyof typeof LISTABLE_RECORDS;

/**
 * The seamless-database records and their rules: what each protocol request reads and writes, the
 * conflicts between execution records, results and irreproducible rows. Inputs are already valid
 * (see validation.ts); checksums are lowercase. The wire protocol and the REST routes both call this.
 */
export class ChecksumRecordsService {
  private readonly db: RecordsDatabase;

  constructor(dataSource: DataSource) {
    this.db = new RecordsDatabase(dataSource);
  }

  getTransformation(checksum: Checksum): Promise<Checksum | undefined> {
    return this.db.read(function* () {
      const [row] = yield* sql('SELECT result FROM transformation WHERE checksum = ?', [checksum]);
      return row?.result as Checksum | undefined;
    });
  }

  /** Many lookups in one round trip per 500 checksums; checksums without a result are absent. */
  getTransformations(checksums: Checksum[]): Promise<Map<Checksum, Checksum>> {
    const unique = [...new Set(checksums)];
    return this.db.read(function* () {
      const found = new Map<Checksum, Checksum>();
      for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
        const chunk = unique.slice(i, i + LOOKUP_CHUNK);
        const rows = yield* sql(
          `SELECT checksum, result FROM transformation WHERE checksum IN (${chunk.map(() => '?').join(', ')})`,
          chunk,
        );
        for (const row of rows) found.set(row.checksum as Checksum, row.result as Checksum);
      }
      return found;
    });
  }

  /**
   * A page of the recorded transformations in checksum order, after `after` (keyset on the primary
   * key, so a page costs the same deep into the table): how another instance copies them.
   */
  async listTransformations(
    after: Checksum | undefined,
    limit: number,
  ): Promise<{ checksum: Checksum; result: Checksum }[]> {
    const rows = await this.listRecords('transformation', after === undefined ? undefined : [after], limit);
    return rows.map((r) => ({ checksum: r.checksum as Checksum, result: r.result as Checksum }));
  }

  /**
   * A page of one kind of record in its primary key's order, after the key `after` (a row-value
   * comparison on the primary key, so the key's index serves every page alike): how another
   * instance copies them. Rows are the table's columns as stored.
   */
  listRecords(
    kind: ListableRecord,
    after: readonly (string | number)[] | undefined,
    limit: number,
  ): Promise<Row[]> {
    const { table, key, columns } = LISTABLE_RECORDS[kind];
    const keyList = key.join(', ');
    const select = `SELECT ${columns.join(', ')} FROM ${table}`;
    return this.db.read(function* () {
      return after
        ? yield* sql(
            `${select} WHERE (${keyList}) > (${key.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ?`,
            [...after, limit],
          )
        : yield* sql(`${select} ORDER BY ${keyList} LIMIT ?`, [limit]);
    });
  }

  /** A later write replaces the result; the reverse row for each result ever stored is kept. */
  putTransformation(checksum: Checksum, result: Checksum): Promise<void> {
    return this.db.write(function* () {
      yield* upsertTransformation(checksum, result);
    });
  }

  /** The transformations that produced `result`, oldest first. */
  reverseTransformations(result: Checksum): Promise<Checksum[]> {
    return this.db.read(function* () {
      const rows = yield* sql('SELECT checksum FROM rev_transformation WHERE result = ? ORDER BY id', [
        result,
      ]);
      return rows.map((r) => r.checksum as Checksum);
    });
  }

  getBufferInfo(checksum: Checksum): Promise<PyObject | undefined> {
    return this.db.read(function* () {
      const [row] = yield* sql('SELECT buffer_info FROM buffer_info WHERE checksum = ?', [checksum]);
      return row ? (loads(row.buffer_info as string) as PyObject) : undefined;
    });
  }

  /** Merges a report into what is known (a field sent again replaces its value); returns the merged info. */
  mergeBufferInfo(checksum: Checksum, info: PyObject): Promise<PyObject> {
    return this.db.write(function* () {
      const [row] = yield* sql('SELECT buffer_info FROM buffer_info WHERE checksum = ?', [checksum]);
      const merged: PyObject = row ? (loads(row.buffer_info as string) as PyObject) : new Map();
      for (const [field, value] of info) merged.set(field, value);
      // Sorted and indented as the reference writes it, so either server reads the other's file.
      const text = dumps(merged, { sortKeys: true, indent: 2 });
      yield* sql(
        'INSERT INTO buffer_info (checksum, buffer_info) VALUES (?, ?) ' +
          'ON CONFLICT (checksum) DO UPDATE SET buffer_info = excluded.buffer_info',
        [checksum, text],
      );
      return merged;
    }, checksum);
  }

  semanticToSyntactic(semantic: Checksum, celltype: string, subcelltype: string): Promise<Checksum[]> {
    return this.db.read(function* () {
      const rows = yield* sql(
        'SELECT syntactic FROM syntactic_to_semantic WHERE semantic = ? AND celltype = ? AND subcelltype = ? ' +
          'ORDER BY syntactic',
        [semantic, celltype, subcelltype],
      );
      return rows.map((r) => r.syntactic as Checksum);
    });
  }

  syntacticToSemantic(syntactic: Checksum, celltype: string, subcelltype: string): Promise<Checksum[]> {
    return this.db.read(function* () {
      const rows = yield* sql(
        'SELECT semantic FROM syntactic_to_semantic WHERE syntactic = ? AND celltype = ? AND subcelltype = ? ' +
          'ORDER BY semantic',
        [syntactic, celltype, subcelltype],
      );
      return rows.map((r) => r.semantic as Checksum);
    });
  }

  /** Records syntactic forms of a semantic checksum; pairs already known are ignored. */
  addSemanticToSyntactic(
    semantic: Checksum,
    celltype: string,
    subcelltype: string,
    syntactic: Checksum[],
  ): Promise<void> {
    return this.db.write(function* () {
      for (const s of new Set(syntactic)) {
        yield* sql(
          'INSERT INTO syntactic_to_semantic (syntactic, celltype, subcelltype, semantic) VALUES (?, ?, ?, ?) ' +
            'ON CONFLICT DO NOTHING',
          [s, celltype, subcelltype, semantic],
        );
      }
    });
  }

  getExpression(key: ExpressionKey): Promise<Checksum | undefined> {
    return this.db.read(function* () {
      const [row] = yield* sql(
        'SELECT result FROM expression WHERE input_checksum = ? AND path = ? AND celltype = ? AND target_celltype = ?',
        [key.input, key.pathText, key.celltype, key.targetCelltype],
      );
      return row?.result as Checksum | undefined;
    });
  }

  putExpression(key: ExpressionKey, result: Checksum): Promise<void> {
    return this.db.write(function* () {
      yield* sql(
        'INSERT INTO expression (input_checksum, path, celltype, target_celltype, result) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (input_checksum, path, celltype, target_celltype) DO UPDATE SET result = excluded.result',
        [key.input, key.pathText, key.celltype, key.targetCelltype, result],
      );
    });
  }

  reverseExpressions(result: Checksum): Promise<ExpressionRecord[]> {
    return this.db.read(function* () {
      const rows = yield* sql(
        'SELECT input_checksum, path, celltype, target_celltype FROM expression WHERE result = ? ' +
          'ORDER BY input_checksum, path, celltype, target_celltype',
        [result],
      );
      return rows.map((r) => ({
        checksum: r.input_checksum as Checksum,
        path: loads(r.path as string),
        celltype: r.celltype as string,
        targetCelltype: r.target_celltype as string,
        result,
      }));
    });
  }

  getExecutionRecord(checksum: Checksum): Promise<StoredExecutionRecord | undefined> {
    return this.db.read(function* () {
      const [row] = yield* sql('SELECT result, metadata FROM meta_data WHERE checksum = ?', [checksum]);
      return row ? { checksum, result: row.result as Checksum, text: row.metadata as string } : undefined;
    });
  }

  /**
   * Stores the execution record of a transformation that produced `result`, creating the
   * transformation and its reverse row when missing. Write-once: an identical repeat is accepted,
   * anything that disagrees with what is stored is a conflict.
   */
  putExecutionRecord(checksum: Checksum, result: Checksum, record: ExecutionRecordInput): Promise<void> {
    return this.db.write(function* () {
      const [irreproducible] = yield* sql(
        'SELECT 1 AS found FROM irreproducible_transformation WHERE checksum = ? LIMIT 1',
        [checksum],
      );
      if (irreproducible) throw recordConflict('Transformation already has irreproducible records');
      const [transformation] = yield* sql('SELECT result FROM transformation WHERE checksum = ?', [checksum]);
      if (transformation && transformation.result !== result) {
        throw recordConflict('Transformation result does not match execution record result');
      }
      const [stored] = yield* sql('SELECT result, metadata FROM meta_data WHERE checksum = ?', [checksum]);
      if (stored) {
        if (stored.result !== result) {
          throw recordConflict('Execution record result does not match stored metadata result');
        }
        if (!pyEquals(loads(stored.metadata as string), record.value)) {
          throw recordConflict('Execution record already exists with different metadata');
        }
      } else {
        yield* sql('INSERT INTO meta_data (checksum, result, metadata) VALUES (?, ?, ?)', [
          checksum,
          result,
          record.text,
        ]);
      }
      yield* upsertTransformation(checksum, result);
    }, checksum);
  }

  /**
   * Withdraws `result` from a transformation: keeps an irreproducible row (with the execution
   * record, if any) and deletes the transformation, its reverse row and its execution record.
   */
  markIrreproducible(checksum: Checksum, result: Checksum): Promise<void> {
    return this.db.write(function* () {
      const [transformation] = yield* sql('SELECT result FROM transformation WHERE checksum = ?', [checksum]);
      if (transformation && transformation.result !== result) {
        throw recordNotFound('Transformation does not have the irreproducible result');
      }
      const [stored] = yield* sql('SELECT result, metadata FROM meta_data WHERE checksum = ?', [checksum]);
      if (stored && stored.result !== result) {
        throw recordConflict('Stored metadata result does not match irreproducible result');
      }
      const [known] = yield* sql(
        'SELECT 1 AS found FROM irreproducible_transformation WHERE checksum = ? AND result = ? LIMIT 1',
        [checksum, result],
      );
      // A repeat with nothing left to keep would only add a duplicate row.
      if (stored || !known) {
        yield* sql(
          'INSERT INTO irreproducible_transformation (checksum, result, metadata) VALUES (?, ?, ?)',
          [checksum, result, stored ? (stored.metadata as string) : NO_RECORD],
        );
      }
      yield* sql('DELETE FROM transformation WHERE checksum = ?', [checksum]);
      yield* sql('DELETE FROM rev_transformation WHERE checksum = ? AND result = ?', [checksum, result]);
      yield* sql('DELETE FROM meta_data WHERE checksum = ?', [checksum]);
    }, checksum);
  }

  /**
   * Undoes a wrong result (seamless-remote's `undo_transformation_result`): `result` is removed
   * wherever it is recorded for the transformation (the transformation row, its reverse row, the
   * execution record), and nothing else is kept or blocked, so the transformation can be computed
   * and recorded again. Unlike `markIrreproducible`, no irreproducible row is written (that row
   * would refuse every later execution record). 404 only when the transformation is recorded with
   * another result and nothing holds this one; a repeat answers OK. Answers the execution record
   * that was removed (JSON text), if there was one, for the log.
   */
  contest(checksum: Checksum, result: Checksum): Promise<string | undefined> {
    return this.db.write(function* () {
      const [transformation] = yield* sql('SELECT result FROM transformation WHERE checksum = ?', [checksum]);
      const [stored] = yield* sql('SELECT result, metadata FROM meta_data WHERE checksum = ?', [checksum]);
      const recorded = stored?.result === result;
      if (transformation && transformation.result !== result && !recorded) {
        throw recordNotFound('Transformation does not have the contested result');
      }
      if (transformation?.result === result) {
        yield* sql('DELETE FROM transformation WHERE checksum = ?', [checksum]);
      }
      yield* sql('DELETE FROM rev_transformation WHERE checksum = ? AND result = ?', [checksum, result]);
      if (recorded) yield* sql('DELETE FROM meta_data WHERE checksum = ?', [checksum]);
      return recorded ? (stored.metadata as string) : undefined;
    }, checksum);
  }

  /** Deletes every row of `type` keyed by `checksum`; answers whether there was any. */
  deleteRecords(type: DeletableRecord, checksum: Checksum): Promise<boolean> {
    return this.db.write(function* () {
      let deleted = 0;
      for (const statement of DELETABLE_RECORDS[type]) deleted += (yield* sql(statement, [checksum])).length;
      return deleted > 0;
    }, checksum);
  }

  /** The withdrawn results of a transformation (optionally only `result`), oldest first. */
  irreproducible(checksum: Checksum, result?: Checksum): Promise<IrreproducibleRecord[]> {
    return this.db.read(function* () {
      const rows =
        result === undefined
          ? yield* sql(
              'SELECT checksum, result, metadata FROM irreproducible_transformation WHERE checksum = ? ORDER BY id',
              [checksum],
            )
          : yield* sql(
              'SELECT checksum, result, metadata FROM irreproducible_transformation ' +
                'WHERE checksum = ? AND result = ? ORDER BY id',
              [checksum, result],
            );
      return rows.map((r: Row) => ({
        checksum: r.checksum as Checksum,
        result: r.result as Checksum,
        metadata: r.metadata as string,
      }));
    });
  }

  getBucketProbe(bucketKind: string, label: string): Promise<BucketProbe | undefined> {
    return this.db.read(function* () {
      const [row] = yield* sql(
        'SELECT bucket_checksum, captured_at, freshness_tokens FROM bucket_probe WHERE bucket_kind = ? AND label = ?',
        [bucketKind, label],
      );
      if (!row) return undefined;
      return {
        bucketKind,
        label,
        bucketChecksum: row.bucket_checksum as Checksum,
        capturedAt: row.captured_at as string,
        freshnessTokens: loads(row.freshness_tokens as string) as PyObject,
      } as BucketProbe;
    });
  }

  /** The latest probe of a bucket replaces the previous one. */
  putBucketProbe(probe: BucketProbe): Promise<void> {
    return this.db.write(function* () {
      yield* sql(
        'INSERT INTO bucket_probe (bucket_kind, label, bucket_checksum, captured_at, freshness_tokens) ' +
          'VALUES (?, ?, ?, ?, ?) ON CONFLICT (bucket_kind, label) DO UPDATE SET ' +
          'bucket_checksum = excluded.bucket_checksum, captured_at = excluded.captured_at, ' +
          'freshness_tokens = excluded.freshness_tokens',
        [probe.bucketKind, probe.label, probe.bucketChecksum, probe.capturedAt, dumps(probe.freshnessTokens)],
      );
    });
  }
}

function* upsertTransformation(checksum: Checksum, result: Checksum) {
  yield* sql(
    'INSERT INTO transformation (checksum, result) VALUES (?, ?) ON CONFLICT (checksum) DO UPDATE SET result = excluded.result',
    [checksum, result],
  );
  yield* sql('INSERT INTO rev_transformation (result, checksum) VALUES (?, ?) ON CONFLICT DO NOTHING', [
    result,
    checksum,
  ]);
}
