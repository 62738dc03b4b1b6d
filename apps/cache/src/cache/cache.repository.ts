import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditAct } from '@simvault/auth';
import {
  gatewayOf,
  GroupCommit,
  InjectDataSource,
  type DatabaseGateway,
  type Dialect,
  type Statements,
} from '@simvault/db';
import { CacheEntryEntity, type CacheStatus } from '@simvault/entities';
import { DataSource, Repository } from 'typeorm';
import { CACHE_DB } from '../tokens';

export interface EntryFilter {
  simulationId?: number;
  simulationName?: string;
  simulationVersion?: string;
  /** SQL LIKE pattern on the key (`%` any run, `_` one character, `\` escapes), case-sensitive on both backends. */
  pattern?: string;
  /** As a client sees it: an entry past its expiry is `expired` even before the sweep marks it. */
  status?: CacheStatus;
  /** Entries pointing at one execution (idx_cache_entries_execution_id). */
  executionId?: string;
}

/** LIKE (case-sensitive, `\` escapes) as SQLite GLOB, whose matching is case-sensitive like PostgreSQL's LIKE. */
export function likeToGlob(pattern: string): string {
  let glob = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i];
      glob += '*?['.includes(next) ? `[${next}]` : next;
    } else if (c === '%') glob += '*';
    else if (c === '_') glob += '?';
    else if ('*?['.includes(c)) glob += `[${c}]`;
    else glob += c;
  }
  return glob;
}

const COLUMN_NAMES = [
  'cache_key',
  'simulation_id',
  'simulation_name',
  'simulation_version',
  'execution_id',
  'squid_id',
  'input_hash',
  'run_db_path',
  'status',
  'metadata',
  'size_bytes',
  'compute_seconds',
  'access_count',
  'hit_count',
  'created_at',
  'expires_at',
  'last_accessed',
  'ended_at',
  'created_by',
  'owner_id',
] as const;
const COLUMNS = COLUMN_NAMES.join(', ');
const ROW = `(${COLUMN_NAMES.map(() => '?').join(', ')})`;
/** A store replaces the whole row (counters start again): sim2l's semantics for a re-store. */
const UPSERT_TAIL =
  ' ON CONFLICT (cache_key) DO UPDATE SET ' +
  COLUMN_NAMES.filter((c) => c !== 'cache_key')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');

/** An entry's values in COLUMN_NAMES order. */
function values(e: CacheEntryEntity): unknown[] {
  return [
    e.cacheKey,
    e.simulationId,
    e.simulationName,
    e.simulationVersion,
    e.executionId,
    e.squidId,
    e.inputHash,
    e.runDbPath,
    e.status,
    e.metadata,
    e.sizeBytes,
    e.computeSeconds,
    e.accessCount,
    e.hitCount,
    e.createdAt,
    e.expiresAt,
    e.lastAccessed,
    e.endedAt,
    e.createdBy,
    e.ownerId,
  ];
}

/** Rows one statement of a scan reads at most (a few milliseconds of SQLite's time). */
const SCAN_BATCH = 2000;

/**
 * A store waiting for its group commit, with the ownership rule that decides whether it may (it
 * throws to refuse) and names the act to audit, if replacing the prior owner's entry is one.
 */
interface PendingStore {
  entry: CacheEntryEntity;
  check: (priorOwnerId: string | null) => AuditAct | undefined;
}

@Injectable()
export class CacheRepository {
  readonly entries: Repository<CacheEntryEntity>;
  readonly dialect: Dialect;
  /** Every statement of the app goes through it (libs/db gateway.ts). */
  readonly db: DatabaseGateway;
  /** Stores arriving while one commits are written together, in one multi-row upsert. */
  private readonly stores: GroupCommit<PendingStore, { refused?: unknown; auditId?: number }>;

  constructor(
    @InjectDataSource(CACHE_DB) readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {
    this.entries = dataSource.getRepository(CacheEntryEntity);
    this.db = gatewayOf(dataSource);
    this.dialect = this.db.dialect;
    this.stores = new GroupCommit(this.db, async (tx, batch) => {
      // The owners of the keys as they stand, read in the same transaction as the write (one
      // statement for the batch), so no store can slip in between a check and the write.
      const owners = new Map<string, string | null>();
      const keys = [...new Set(batch.map((b) => b.entry.cacheKey))];
      const rows = await tx.query<{ cache_key: string; owner_id: string | null }>(
        `SELECT cache_key, owner_id FROM cache_entries WHERE cache_key IN (${keys.map(() => '?').join(', ')})`,
        keys,
        { prepare: keys.length <= 4 },
      );
      for (const row of rows) owners.set(row.cache_key, row.owner_id);
      // One row per key (the last accepted store of a key wins, as one after the other would).
      const byKey = new Map<string, CacheEntryEntity>();
      const acts: { act: AuditAct; answer: { auditId?: number } }[] = [];
      const answers = batch.map(({ entry, check }): { refused?: unknown; auditId?: number } => {
        let act: AuditAct | undefined;
        try {
          if (owners.has(entry.cacheKey)) act = check(owners.get(entry.cacheKey)!);
        } catch (refused) {
          return { refused };
        }
        owners.set(entry.cacheKey, entry.ownerId);
        byKey.delete(entry.cacheKey);
        byKey.set(entry.cacheKey, entry);
        const answer = {};
        if (act) acts.push({ act, answer });
        return answer;
      });
      await this.upsert([...byKey.values()], tx);
      // The audit rows of replaced entries commit with the write, or not at all.
      const ids = await this.audit.recordIn(
        tx,
        acts.map((a) => a.act),
      );
      acts.forEach((a, i) => (a.answer.auditId = ids[i]));
      return answers;
    });
  }

  /**
   * Stores one entry (replacing any row of its key); resolves once it is committed. When a row of
   * the key exists, `check` is given its owner first (in the transaction of the write) and refuses
   * the store by throwing, which is what this then throws; the act it answers is written to the
   * audit outbox in that transaction, and its outbox id answered (for AuditLog.forward).
   */
  async store(
    entry: CacheEntryEntity,
    check: (priorOwnerId: string | null) => AuditAct | undefined,
  ): Promise<{ auditId?: number }> {
    const { refused, auditId } = await this.stores.submit({ entry, check });
    if (refused !== undefined) throw refused;
    return { auditId };
  }

  /**
   * Visits the entries matching `where` (with its `?` values) in bounded batches by primary key,
   * the event loop free between them: on SQLite a statement holds the whole process, so no
   * aggregate is one statement over every row. Each statement reads SCAN_BATCH rows in key order
   * and answers `where` as a column instead of filtering by it: a filter lets the planner pick
   * another index and sort every match per batch (EXPLAIN QUERY PLAN: `status = 'valid'` took the
   * status index and a temp B-tree, 0.57 s a statement at 1M entries), and a sparse filter would
   * walk most of the key index in one statement to fill its LIMIT.
   */
  async scan<T extends { cache_key: string }>(
    columns: string,
    where: string,
    params: unknown[],
    visit: (rows: T[]) => void,
  ): Promise<void> {
    let after = '';
    for (;;) {
      const rows = await this.db.query<T & { scan_match?: unknown }>(
        `SELECT cache_key, ${columns}${where ? `, CASE WHEN ${where} THEN 1 ELSE 0 END AS scan_match` : ''}
         FROM cache_entries WHERE cache_key > ? ORDER BY cache_key LIMIT ${SCAN_BATCH}`,
        [...params, after],
      );
      visit(where ? rows.filter((row) => Number(row.scan_match) === 1) : rows);
      if (rows.length < SCAN_BATCH) return;
      after = rows[rows.length - 1].cache_key;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The hot path of every GET: one indexed primary-key read, no ORM metadata walk. */
  async find(key: string): Promise<CacheEntryEntity | null> {
    const row = await this.db.one(`SELECT ${COLUMNS} FROM cache_entries WHERE cache_key = ?`, [key], {
      prepare: true,
    });
    return row ? this.hydrate(row) : null;
  }

  /** Stores entries (each replacing any row of its key) in one statement. */
  async upsert(entries: CacheEntryEntity[], on: Statements = this.db): Promise<void> {
    if (entries.length === 0) return;
    const sql = `INSERT INTO cache_entries (${COLUMNS}) VALUES ${entries.map(() => ROW).join(', ')}${UPSERT_TAIL}`;
    await on.execute(sql, entries.flatMap(values), { prepare: entries.length <= 4 });
  }

  /**
   * Up to `limit` live entries of a simulation (of one version, or of the others), newest first:
   * the candidates `GET /cache/explain` compares inputs with. Served by idx_cache_entries_simulation
   * (name, version, status), then bounded.
   */
  async liveOf(name: string, version: string, sameVersion: boolean, now: Date, limit: number) {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM cache_entries WHERE simulation_name = ? AND simulation_version ${sameVersion ? '=' : '<>'} ? ` +
        `AND status = 'valid' AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC LIMIT ${Math.floor(limit)}`,
      [name, version, this.dialect.date(now)],
    );
    return rows.map((r) => this.hydrate(r));
  }

  /** Deletes one entry; answers how many rows went (0 or 1). */
  remove(key: string): Promise<number> {
    return this.db.execute('DELETE FROM cache_entries WHERE cache_key = ?', [key]);
  }

  /** SQL (for alias `a`, or bare column names when `a` is empty) and parameters for a filter. */
  where(filter: EntryFilter, now: Date, a = 'e'): { sql: string; params: Record<string, unknown> } {
    const col = (name: string) => (a ? `${a}.${name}` : name);
    const parts: string[] = [];
    const params: Record<string, unknown> = { now };
    if (filter.simulationId !== undefined) {
      parts.push(`${col('simulation_id')} = :simulationId`);
      params.simulationId = filter.simulationId;
    }
    if (filter.simulationName !== undefined) {
      parts.push(`${col('simulation_name')} = :simulationName`);
      params.simulationName = filter.simulationName;
    }
    if (filter.simulationVersion !== undefined) {
      parts.push(`${col('simulation_version')} = :simulationVersion`);
      params.simulationVersion = filter.simulationVersion;
    }
    if (filter.executionId !== undefined) {
      parts.push(`${col('execution_id')} = :executionId`);
      params.executionId = filter.executionId;
    }
    if (filter.pattern !== undefined) {
      if (this.dialect.pg) parts.push(`${col('cache_key')} LIKE :pattern`);
      else parts.push(`${col('cache_key')} GLOB :pattern`);
      params.pattern = this.dialect.pg ? filter.pattern : likeToGlob(filter.pattern);
    }
    const live = `(${col('expires_at')} IS NULL OR ${col('expires_at')} > :now)`;
    if (filter.status === 'valid') parts.push(`${col('status')} = 'valid' AND ${live}`);
    else if (filter.status === 'expired')
      parts.push(`(${col('status')} = 'expired' OR (${col('status')} = 'valid' AND NOT ${live}))`);
    else if (filter.status === 'invalidated') parts.push(`${col('status')} = 'invalidated'`);
    return { sql: parts.length ? parts.map((p) => `(${p})`).join(' AND ') : '1 = 1', params };
  }

  hydrate(row: Record<string, unknown>): CacheEntryEntity {
    const d = this.dialect;
    return Object.assign(new CacheEntryEntity(), {
      cacheKey: row.cache_key as string,
      simulationId: row.simulation_id === null ? null : Number(row.simulation_id),
      simulationName: row.simulation_name as string,
      simulationVersion: row.simulation_version as string,
      executionId: row.execution_id as string,
      squidId: row.squid_id as string | null,
      inputHash: row.input_hash as string | null,
      runDbPath: row.run_db_path as string | null,
      status: row.status as CacheStatus,
      metadata: row.metadata as string | null,
      sizeBytes: Number(row.size_bytes ?? 0),
      computeSeconds: row.compute_seconds === null ? null : Number(row.compute_seconds),
      accessCount: Number(row.access_count),
      hitCount: Number(row.hit_count),
      createdAt: d.readDate(row.created_at)!,
      expiresAt: d.readDate(row.expires_at),
      lastAccessed: d.readDate(row.last_accessed),
      endedAt: d.readDate(row.ended_at),
      createdBy: row.created_by as string | null,
      ownerId: (row.owner_id as string | null) ?? null,
    });
  }
}
