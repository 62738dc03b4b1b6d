import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import Database, { type Database as SqliteDatabase, type Statement } from 'better-sqlite3';
import { sha256Bytes, sha256File } from './checksum';
import { assertExecutionId, defaultRunsDir, isValidExecutionId, runFilePath } from './execution-id';
import { RunFileError, sqliteProblem } from './errors';
import { checkRunSchema } from './schema-check';
import { REQUIRED_TABLES, RUN_DB_SCHEMA, RUN_INVALIDATIONS_SCHEMA, RUN_INVALIDATIONS_TABLE } from './schema';
import {
  decodeOptionalJson,
  decodeValue,
  encodeOptionalJson,
  encodeValue,
  formatTimestamp,
  parseTimestamp,
} from './values';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cached';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'failed', 'cached'];
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
export type ArtifactCategory = 'input' | 'output' | 'intermediate' | 'notebook' | 'plot' | 'data';
export type CellStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped';
export type MetricCategory = 'performance' | 'resource' | 'custom';

export interface OpenOptions {
  /** Where `<execution_id>.db` lives when opening by id (default `~/.simvault/runs`). */
  dir?: string;
  /** Read only: nothing is created or changed (the file must exist). */
  readonly?: boolean;
  /** Create the file when it does not exist (default true unless read only), as sim2l does. */
  create?: boolean;
  busyTimeoutMs?: number;
}

export interface InitializeOptions {
  /** Default: the id the file was opened with (or its file name). */
  executionId?: string;
  executorType?: string;
  simulationId?: number | null;
  squidId?: string | null;
  executorConfig?: Record<string, unknown> | null;
  userId?: string | null;
  sessionId?: string | null;
  environment?: Record<string, unknown> | null;
  cacheKey?: string | null;
  cacheHit?: boolean;
  notes?: string | null;
  startedAt?: Date;
}

export interface ParameterOptions {
  units?: string | null;
  metadata?: Record<string, unknown> | null;
}

export interface OutputOptions extends ParameterOptions {
  fileReference?: string | null;
}

export interface ParameterRecord<O = ParameterOptions> {
  name: string;
  value: unknown;
  type: string;
  options?: O;
}

/** An input or output as sim2l's get_inputs() / get_outputs() answer it, keyed by name. */
export interface ParameterValue {
  value: unknown;
  type: string;
  units: string | null;
  metadata: unknown;
}

export interface OutputValue extends ParameterValue {
  file_reference: string | null;
  created_at: string | null;
}

export interface ArtifactOptions {
  category?: ArtifactCategory;
  contentType?: string | null;
  description?: string | null;
  /** Relative path within the run directory. */
  path?: string | null;
}

export interface LogOptions {
  logger?: string | null;
  context?: Record<string, unknown> | null;
  exceptionType?: string | null;
  exceptionMessage?: string | null;
  stackTrace?: string | null;
}

export interface LogRecord extends LogOptions {
  level: LogLevel | Lowercase<LogLevel>;
  message: string;
}

export interface CellExecution {
  cellIndex: number;
  cellType?: string | null;
  sourceCode?: string | null;
  status?: CellStatus;
  startedAt?: Date | null;
  completedAt?: Date | null;
  durationSeconds?: number | null;
  outputText?: string | null;
  outputData?: Record<string, unknown> | null;
  errorMessage?: string | null;
  errorTraceback?: string | null;
}

export interface MetricOptions {
  unit?: string | null;
  category?: MetricCategory;
  metadata?: Record<string, unknown> | null;
}

/** One metric name in a run file, with how many points it holds. */
export interface MetricSummary {
  name: string;
  count: number;
  unit: string | null;
  category: string | null;
}

export interface MetricRecord extends MetricOptions {
  name: string;
  value: number;
}

export interface ResourceUsage {
  cpuPercent?: number | null;
  memoryMb?: number | null;
  memoryPercent?: number | null;
  diskReadMb?: number | null;
  diskWriteMb?: number | null;
  networkSentMb?: number | null;
  networkRecvMb?: number | null;
}

export interface CompleteOptions {
  /** Default: the time since started_at. */
  durationSeconds?: number | null;
  error?: string | { message: string; traceback?: string | null } | null;
}

export interface Invalidation {
  invalidated_at: string;
  reason: string;
  invalidated_by: string | null;
}

export interface RunSummary {
  execution_id: string;
  squid_id: string | null;
  simulation_name: string;
  simulation_version: string;
  simulation_id: number | null;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  status: string;
  executor_type: string | null;
  cache_key: string | null;
  cache_hit: boolean;
  user_id: string | null;
  session_id: string | null;
  error_message: string | null;
  error_traceback: string | null;
  input_count: number;
  output_count: number;
  artifact_count: number;
  log_count: number;
  error_count: number;
  warning_count: number;
  metric_count: number;
  tags: string[];
  valid: boolean;
  invalidation: Invalidation | null;
}

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

function looksLikePath(target: string): boolean {
  return target.includes('/') || target.includes('\\') || /\.(db|sqlite3?)$/i.test(target);
}

/**
 * One run's database file (specs/run-database.md), through better-sqlite3 with prepared statements:
 * WAL, foreign keys on, a busy timeout. Every write commits on its own as sim2l's do, unless it runs
 * inside `transaction()`, where any number of writes commit together (the batched helpers use one).
 */
export class RunDatabase {
  readonly path: string;
  readonly readonly: boolean;
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();
  private readonly tables: Set<string>;
  private executionIdHint: string | undefined;

  private constructor(path: string, db: SqliteDatabase, readonly: boolean, executionIdHint?: string) {
    this.path = path;
    this.db = db;
    this.readonly = readonly;
    this.executionIdHint = executionIdHint;
    this.tables = this.listTables();
  }

  /**
   * Opens a run database by execution id (`<dir>/<id>.db`) or by path; creates it with the full
   * layout when it does not exist (unless read only or `create: false`).
   */
  static open(target: string, options: OpenOptions = {}): RunDatabase {
    const byPath = looksLikePath(target);
    if (!byPath) assertExecutionId(target);
    const path = resolve(byPath ? target : runFilePath(target, options.dir ?? defaultRunsDir()));
    const stem = basename(path, extname(path));
    const hint = byPath ? (isValidExecutionId(stem) ? stem : undefined) : target;
    const readonly = options.readonly === true;
    const exists = existsSync(path);
    if (!exists && (readonly || options.create === false)) {
      throw new RunFileError('not_found', `No run database at ${path}.`);
    }
    if (exists && !statSync(path).isFile()) {
      throw new RunFileError('not_a_file', `${path} is not a file.`);
    }
    if (!exists) mkdirSync(dirname(path), { recursive: true });
    let db: SqliteDatabase;
    try {
      db = new Database(path, { readonly, fileMustExist: exists });
      // A file read here may come from anyone: its schema is checked before anything is read.
      if (readonly) checkRunSchema(db, path);
      else db.pragma('trusted_schema = OFF');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      if (!readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
      }
      db.pragma('foreign_keys = ON');
      if (!exists) db.transaction(() => db.exec(RUN_DB_SCHEMA + RUN_INVALIDATIONS_SCHEMA))();
    } catch (error) {
      (db! as SqliteDatabase | undefined)?.close();
      throw sqliteProblem(error, path);
    }
    const run = new RunDatabase(path, db, readonly, hint);
    const missing = REQUIRED_TABLES.filter((t) => !run.tables.has(t));
    if (missing.length > 0) {
      run.close();
      throw new RunFileError(
        'missing_tables',
        `${path} is not a run database: it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}.`,
      );
    }
    return run;
  }

  /** Runs `fn` in one transaction (nested calls join it); all its writes commit together or not at all. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  sizeBytes(): number {
    return existsSync(this.path) ? statSync(this.path).size : 0;
  }

  // ---------------------------------------------------------------- the run

  initializeRun(simulationName: string, simulationVersion: string, options: InitializeOptions = {}): void {
    const executionId = options.executionId ?? this.executionIdHint;
    if (!executionId) {
      throw new Error(`initializeRun needs an executionId: the file name of ${this.path} is not one.`);
    }
    assertExecutionId(executionId);
    if (this.get('SELECT 1 AS one FROM run_metadata LIMIT 1')) {
      throw new Error(`The run in ${this.path} is already initialized.`);
    }
    this.run(
      `INSERT INTO run_metadata (execution_id, squid_id, simulation_name, simulation_version, simulation_id,
         started_at, status, executor_type, executor_config, cache_key, cache_hit, user_id, session_id,
         environment, notes)
       VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
      executionId,
      options.squidId ?? null,
      simulationName,
      simulationVersion,
      options.simulationId ?? null,
      formatTimestamp(options.startedAt ?? new Date()),
      options.executorType ?? 'local',
      encodeOptionalJson(options.executorConfig),
      options.cacheKey ?? null,
      options.cacheHit ? 1 : 0,
      options.userId ?? null,
      options.sessionId ?? null,
      encodeOptionalJson(options.environment),
      options.notes ?? null,
    );
    this.executionIdHint = executionId;
  }

  completeRun(status: Exclude<RunStatus, 'running'>, options: CompleteOptions = {}): void {
    if (!RUN_STATUSES.includes(status)) {
      throw new Error(`A run completes as completed, failed or cached, not "${String(status)}".`);
    }
    const now = new Date();
    let duration = options.durationSeconds;
    if (duration === undefined) {
      const started = parseTimestamp(this.get('SELECT started_at FROM run_metadata LIMIT 1')?.started_at);
      duration = started ? Math.max(0, (now.getTime() - started.getTime()) / 1000) : null;
    }
    const error = typeof options.error === 'string' ? { message: options.error } : options.error;
    const changed = this.run(
      `UPDATE run_metadata SET completed_at = ?, status = ?, duration_seconds = ?, error_message = ?, error_traceback = ?`,
      formatTimestamp(now),
      status,
      duration,
      error?.message ?? null,
      error?.traceback ?? null,
    );
    if (changed === 0) throw new Error(`The run in ${this.path} was never initialized (initializeRun).`);
  }

  // ------------------------------------------------------- inputs and outputs

  /** Saves (or replaces) an input; bytes go to `value_blob`, anything else is JSON in `value`. */
  saveInput(name: string, value: unknown, type: string, options: ParameterOptions = {}): void {
    const stored = encodeValue(value);
    this.run(
      'INSERT OR REPLACE INTO inputs (name, type, value, value_blob, units, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      name,
      type,
      stored.value,
      stored.blob,
      options.units ?? null,
      encodeOptionalJson(options.metadata),
    );
  }

  saveOutput(name: string, value: unknown, type: string, options: OutputOptions = {}): void {
    const stored = encodeValue(value);
    this.run(
      `INSERT OR REPLACE INTO outputs (name, type, value, value_blob, units, file_reference, metadata, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      name,
      type,
      stored.value,
      stored.blob,
      options.units ?? null,
      options.fileReference ?? null,
      encodeOptionalJson(options.metadata),
      formatTimestamp(new Date()),
    );
  }

  /** Many inputs in one transaction. */
  saveInputs(records: ParameterRecord[]): void {
    this.transaction(() => records.forEach((r) => this.saveInput(r.name, r.value, r.type, r.options)));
  }

  saveOutputs(records: ParameterRecord<OutputOptions>[]): void {
    this.transaction(() => records.forEach((r) => this.saveOutput(r.name, r.value, r.type, r.options)));
  }

  // ------------------------------------------------------------- artifacts

  /**
   * Saves an artifact with its sha256 and size: inline bytes (`data`, stored in the file), or a file
   * on disk (`externalPath`, hashed as a stream and referenced, not copied; this form is async).
   */
  saveArtifact(name: string, source: { data: Uint8Array | string }, options?: ArtifactOptions): number;
  saveArtifact(name: string, source: { externalPath: string }, options?: ArtifactOptions): Promise<number>;
  saveArtifact(
    name: string,
    source: { data: Uint8Array | string } | { externalPath: string },
    options: ArtifactOptions = {},
  ): number | Promise<number> {
    if ('data' in source) {
      const data =
        typeof source.data === 'string' ? Buffer.from(source.data, 'utf8') : Buffer.from(source.data);
      return this.insertArtifact(name, options, { data, hash: sha256Bytes(data), size: data.length });
    }
    const externalPath = resolve(source.externalPath);
    return sha256File(externalPath).then((digest) =>
      this.insertArtifact(name, options, {
        externalPath,
        hash: digest.sha256,
        size: digest.sizeBytes,
      }),
    );
  }

  private insertArtifact(
    name: string,
    options: ArtifactOptions,
    content: { data?: Buffer; externalPath?: string; hash: string; size: number },
  ): number {
    return Number(
      this.insert(
        `INSERT INTO artifacts (name, path, content_hash, content_type, size_bytes, category, data, external_path,
           description, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        name,
        options.path ?? null,
        content.hash,
        options.contentType ?? null,
        content.size,
        options.category ?? 'output',
        content.data ?? null,
        content.externalPath ?? null,
        options.description ?? null,
        formatTimestamp(new Date()),
      ),
    );
  }

  // ------------------------------------------------------ logs and metrics

  /** A log line; `context` is JSON (cell, function, line…), `options` the logger and an exception's details. */
  log(
    level: LogRecord['level'],
    message: string,
    context: Record<string, unknown> | null = null,
    options: Omit<LogOptions, 'context'> = {},
  ): void {
    const upper = String(level).toUpperCase() as LogLevel;
    if (!LOG_LEVELS.includes(upper)) {
      throw new Error(`A log level is one of ${LOG_LEVELS.join(', ')}, not "${String(level)}".`);
    }
    this.run(
      `INSERT INTO logs (timestamp, level, logger, message, context, exception_type, exception_message, stack_trace)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      formatTimestamp(new Date()),
      upper,
      options.logger ?? null,
      message,
      encodeOptionalJson(context),
      options.exceptionType ?? null,
      options.exceptionMessage ?? null,
      options.stackTrace ?? null,
    );
  }

  /** Many log lines in one transaction. */
  logMany(records: LogRecord[]): void {
    this.transaction(() => records.forEach((r) => this.log(r.level, r.message, r.context ?? null, r)));
  }

  logCellExecution(cell: CellExecution): number {
    return Number(
      this.insert(
        `INSERT INTO cell_executions (cell_index, cell_type, started_at, completed_at, duration_seconds, status,
           source_code, output_text, output_data, error_message, error_traceback)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        cell.cellIndex,
        cell.cellType ?? null,
        cell.startedAt ? formatTimestamp(cell.startedAt) : null,
        cell.completedAt ? formatTimestamp(cell.completedAt) : null,
        cell.durationSeconds ?? null,
        cell.status ?? 'pending',
        cell.sourceCode ?? null,
        cell.outputText ?? null,
        encodeOptionalJson(cell.outputData),
        cell.errorMessage ?? null,
        cell.errorTraceback ?? null,
      ),
    );
  }

  saveMetric(name: string, value: number, options: MetricOptions = {}): void {
    this.run(
      `INSERT INTO metrics (timestamp, metric_name, metric_value, metric_unit, category, metadata)
       VALUES (?, ?, ?, ?, ?, ?)`,
      formatTimestamp(new Date()),
      name,
      value,
      options.unit ?? null,
      options.category ?? 'custom',
      encodeOptionalJson(options.metadata),
    );
  }

  /** Many metrics in one transaction. */
  saveMetrics(records: MetricRecord[]): void {
    this.transaction(() => records.forEach((r) => this.saveMetric(r.name, r.value, r)));
  }

  saveResourceUsage(usage: ResourceUsage): void {
    this.run(
      `INSERT INTO resource_usage (timestamp, cpu_percent, memory_mb, memory_percent, disk_read_mb, disk_write_mb,
         network_sent_mb, network_recv_mb)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      formatTimestamp(new Date()),
      usage.cpuPercent ?? null,
      usage.memoryMb ?? null,
      usage.memoryPercent ?? null,
      usage.diskReadMb ?? null,
      usage.diskWriteMb ?? null,
      usage.networkSentMb ?? null,
      usage.networkRecvMb ?? null,
    );
  }

  addProvenance(entry: {
    entityType: 'input' | 'output' | 'artifact' | 'intermediate';
    entityName: string;
    sourceType?: 'user_provided' | 'computed' | 'cached' | 'derived_from' | null;
    sourceReference?: string | null;
    transformation?: string | null;
    metadata?: Record<string, unknown> | null;
  }): void {
    this.run(
      `INSERT INTO provenance (entity_type, entity_name, source_type, source_reference, transformation, metadata)
       VALUES (?, ?, ?, ?, ?, ?)`,
      entry.entityType,
      entry.entityName,
      entry.sourceType ?? null,
      entry.sourceReference ?? null,
      entry.transformation ?? null,
      encodeOptionalJson(entry.metadata),
    );
  }

  addTag(tag: string): void {
    this.transaction(() => {
      this.run('INSERT OR IGNORE INTO tags (tag) VALUES (?)', tag);
      const id = this.get('SELECT id FROM tags WHERE tag = ?', tag)!.id;
      this.run('INSERT OR IGNORE INTO run_tags (tag_id) VALUES (?)', id);
    });
  }

  /** A checkpoint of a long run: JSON state in `state_data`, bytes in `state_blob`. */
  checkpoint(
    name: string,
    state: unknown,
    options: { description?: string | null; isFinal?: boolean } = {},
  ): number {
    const stored = encodeValue(state);
    return Number(
      this.insert(
        `INSERT INTO checkpoints (checkpoint_name, created_at, state_data, state_blob, description, is_final)
         VALUES (?, ?, ?, ?, ?, ?)`,
        name,
        formatTimestamp(new Date()),
        stored.value,
        stored.blob,
        options.description ?? null,
        options.isFinal ? 1 : 0,
      ),
    );
  }

  /**
   * Marks the run invalid: its data stays readable, and the results service leaves it out of
   * searches and statistics unless asked. Each call is kept (who, when, why).
   */
  invalidate(reason: string, options: { by?: string | null } = {}): Invalidation {
    if (!reason.trim()) throw new Error('An invalidation needs a reason.');
    if (!this.get('SELECT 1 AS one FROM run_metadata LIMIT 1')) {
      throw new Error(`The run in ${this.path} was never initialized, so there is nothing to invalidate.`);
    }
    if (!this.tables.has(RUN_INVALIDATIONS_TABLE)) {
      this.db.exec(RUN_INVALIDATIONS_SCHEMA);
      this.tables.add(RUN_INVALIDATIONS_TABLE);
    }
    const at = formatTimestamp(new Date());
    this.run(
      `INSERT INTO ${RUN_INVALIDATIONS_TABLE} (invalidated_at, reason, invalidated_by) VALUES (?, ?, ?)`,
      at,
      reason,
      options.by ?? null,
    );
    return { invalidated_at: at, reason, invalidated_by: options.by ?? null };
  }

  // ---------------------------------------------------------------- readers

  /** The latest invalidation, or null for a valid run. */
  getInvalidation(): Invalidation | null {
    if (!this.tables.has(RUN_INVALIDATIONS_TABLE)) return null;
    const row = this.get(
      `SELECT invalidated_at, reason, invalidated_by FROM ${RUN_INVALIDATIONS_TABLE} ORDER BY id DESC LIMIT 1`,
    );
    return row
      ? {
          invalidated_at: String(row.invalidated_at),
          reason: String(row.reason),
          invalidated_by: str(row.invalidated_by),
        }
      : null;
  }

  /** The run_metadata row as stored (null before initializeRun). */
  getMetadata(): Row | null {
    const rows = this.all('SELECT * FROM run_metadata');
    if (rows.length > 1) {
      throw new RunFileError('corrupt', `${this.path} holds ${rows.length} runs; a run database holds one.`);
    }
    return rows[0] ?? null;
  }

  /**
   * sim2l's run_summary (the run plus counts), counted here rather than read from the view so that
   * files written by sim2l, whose view multiplies the counts, summarize correctly too.
   */
  getSummary(): RunSummary | null {
    const meta = this.getMetadata();
    if (!meta) return null;
    const count = (table: string, where = '') =>
      this.tables.has(table) ? Number(this.get(`SELECT COUNT(*) AS n FROM ${table} ${where}`)!.n) : 0;
    const invalidation = this.getInvalidation();
    return {
      execution_id: String(meta.execution_id),
      squid_id: str(meta.squid_id),
      simulation_name: String(meta.simulation_name),
      simulation_version: String(meta.simulation_version),
      simulation_id: num(meta.simulation_id),
      started_at: str(meta.started_at),
      completed_at: str(meta.completed_at),
      duration_seconds: num(meta.duration_seconds),
      status: String(meta.status),
      executor_type: str(meta.executor_type),
      cache_key: str(meta.cache_key),
      cache_hit: Boolean(Number(meta.cache_hit ?? 0)),
      user_id: str(meta.user_id),
      session_id: str(meta.session_id),
      error_message: str(meta.error_message),
      error_traceback: str(meta.error_traceback),
      input_count: count('inputs'),
      output_count: count('outputs'),
      artifact_count: count('artifacts'),
      log_count: count('logs'),
      error_count: count('logs', "WHERE level IN ('ERROR', 'CRITICAL')"),
      warning_count: count('logs', "WHERE level = 'WARNING'"),
      metric_count: count('metrics'),
      tags: this.getTags(),
      valid: invalidation === null,
      invalidation,
    };
  }

  getInputs(): Record<string, ParameterValue> {
    const inputs: Record<string, ParameterValue> = {};
    for (const row of this.all(
      'SELECT name, type, value, value_blob, units, metadata FROM inputs ORDER BY id',
    )) {
      inputs[String(row.name)] = {
        value: decodeValue(row.value as string | null, row.value_blob as Buffer | null),
        type: String(row.type),
        units: str(row.units),
        metadata: decodeOptionalJson(row.metadata),
      };
    }
    return inputs;
  }

  getOutputs(): Record<string, OutputValue> {
    const outputs: Record<string, OutputValue> = {};
    for (const row of this.all(
      'SELECT name, type, value, value_blob, units, file_reference, metadata, created_at FROM outputs ORDER BY created_at, id',
    )) {
      outputs[String(row.name)] = {
        value: decodeValue(row.value as string | null, row.value_blob as Buffer | null),
        type: String(row.type),
        units: str(row.units),
        file_reference: str(row.file_reference),
        metadata: decodeOptionalJson(row.metadata),
        created_at: str(row.created_at),
      };
    }
    return outputs;
  }

  /** Newest first; `level` keeps one level, `limit` the newest n. */
  getLogs(options: { level?: LogRecord['level']; limit?: number } = {}): Row[] {
    if (!this.tables.has('logs')) return [];
    const where = options.level ? 'WHERE level = ?' : '';
    const params: unknown[] = options.level ? [String(options.level).toUpperCase()] : [];
    const limit = options.limit ? `LIMIT ${Math.max(1, Math.floor(options.limit))}` : '';
    return this.all(`SELECT * FROM logs ${where} ORDER BY timestamp DESC, id DESC ${limit}`, ...params).map(
      (row) => ({ ...row, context: decodeOptionalJson(row.context) }),
    );
  }

  /** Log lines at ERROR and CRITICAL (sim2l's error_summary), newest first. */
  getErrors(): Row[] {
    if (!this.tables.has('logs')) return [];
    return this.all(
      `SELECT timestamp, level, logger, message, exception_type, exception_message, stack_trace
       FROM logs WHERE level IN ('ERROR', 'CRITICAL') ORDER BY timestamp DESC, id DESC`,
    );
  }

  /** Artifact records without their inline bytes (see readArtifact). */
  getArtifacts(options: { category?: ArtifactCategory } = {}): Row[] {
    if (!this.tables.has('artifacts')) return [];
    const where = options.category ? 'WHERE category = ?' : '';
    return this.all(
      `SELECT id, name, path, content_hash, content_type, size_bytes, category, external_path, description, created_at,
         data IS NOT NULL AS inline
       FROM artifacts ${where} ORDER BY id`,
      ...(options.category ? [options.category] : []),
    ).map((row) => ({ ...row, inline: Boolean(row.inline) }));
  }

  /** An artifact's inline bytes, by id or name (the latest of that name); null when stored outside. */
  readArtifact(idOrName: number | string): Buffer | null {
    if (!this.tables.has('artifacts')) return null;
    const row =
      typeof idOrName === 'number'
        ? this.get('SELECT data FROM artifacts WHERE id = ?', idOrName)
        : this.get('SELECT data FROM artifacts WHERE name = ? ORDER BY id DESC LIMIT 1', idOrName);
    return (row?.data as Buffer | null | undefined) ?? null;
  }

  getMetrics(options: { category?: MetricCategory; name?: string } = {}): Row[] {
    if (!this.tables.has('metrics')) return [];
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (options.category) {
      clauses.push('category = ?');
      params.push(options.category);
    }
    if (options.name) {
      clauses.push('metric_name = ?');
      params.push(options.name);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return this.all(`SELECT * FROM metrics ${where} ORDER BY timestamp, id`, ...params).map((row) => ({
      ...row,
      metadata: decodeOptionalJson(row.metadata),
    }));
  }

  /** Metric names with their point counts (idx_metrics_name), alphabetically. */
  metricNames(): MetricSummary[] {
    if (!this.tables.has('metrics')) return [];
    return this.all(
      `SELECT metric_name, COUNT(*) AS count, MAX(metric_unit) AS unit, MAX(category) AS category
       FROM metrics GROUP BY metric_name ORDER BY metric_name`,
    ).map((row) => ({
      name: String(row.metric_name),
      count: Number(row.count),
      unit: str(row.unit),
      category: str(row.category),
    }));
  }

  countMetric(name: string): number {
    if (!this.tables.has('metrics')) return 0;
    return Number(this.get('SELECT COUNT(*) AS n FROM metrics WHERE metric_name = ?', name)?.n ?? 0);
  }

  /**
   * One metric's rows in time order, streamed (better-sqlite3's iterate): a series of millions of
   * points is never held at once. `step` is the metadata's step when the writer recorded one.
   */
  iterateMetric(name: string): IterableIterator<Row> {
    return this.statement(
      `SELECT timestamp, metric_value, metric_unit,
         CASE WHEN json_valid(metadata) AND json_type(metadata, '$.step') IN ('integer', 'real')
           THEN json_extract(metadata, '$.step') END AS step
       FROM metrics WHERE metric_name = ? ORDER BY timestamp, id`,
    ).iterate(name) as IterableIterator<Row>;
  }

  /** Log lines per level (idx_logs_level). */
  logLevelCounts(): Record<string, number> {
    if (!this.tables.has('logs')) return {};
    return Object.fromEntries(
      this.all('SELECT level, COUNT(*) AS n FROM logs GROUP BY level ORDER BY level').map((r) => [
        String(r.level),
        Number(r.n),
      ]),
    );
  }

  /** A page of log lines oldest first, of some levels or all. */
  logPage(levels: readonly string[] | null, limit: number, offset: number): Row[] {
    if (!this.tables.has('logs')) return [];
    const where = levels ? `WHERE level IN (${levels.map(() => '?').join(', ')})` : '';
    return this.all(
      `SELECT * FROM logs ${where} ORDER BY timestamp, id LIMIT ? OFFSET ?`,
      ...(levels ?? []),
      Math.max(0, Math.floor(limit)),
      Math.max(0, Math.floor(offset)),
    ).map((row) => ({ ...row, context: decodeOptionalJson(row.context) }));
  }

  getResourceUsage(): Row[] {
    return this.tables.has('resource_usage')
      ? this.all('SELECT * FROM resource_usage ORDER BY timestamp, id')
      : [];
  }

  getCellExecutions(): Row[] {
    return this.tables.has('cell_executions')
      ? this.all('SELECT * FROM cell_executions ORDER BY cell_index, id').map((row) => ({
          ...row,
          output_data: decodeOptionalJson(row.output_data),
        }))
      : [];
  }

  getProvenance(): Row[] {
    return this.tables.has('provenance')
      ? this.all('SELECT * FROM provenance ORDER BY id').map((row) => ({
          ...row,
          metadata: decodeOptionalJson(row.metadata),
        }))
      : [];
  }

  getTags(): string[] {
    if (!this.tables.has('tags') || !this.tables.has('run_tags')) return [];
    return this.all('SELECT t.tag FROM run_tags rt JOIN tags t ON t.id = rt.tag_id ORDER BY t.tag').map((r) =>
      String(r.tag),
    );
  }

  getCheckpoints(): Row[] {
    if (!this.tables.has('checkpoints')) return [];
    return this.all(
      'SELECT id, checkpoint_name, created_at, state_data, state_blob, description, is_final FROM checkpoints ORDER BY id',
    ).map((row) => ({
      id: row.id,
      checkpoint_name: row.checkpoint_name,
      created_at: row.created_at,
      state: decodeValue(row.state_data as string | null, row.state_blob as Buffer | null),
      description: row.description,
      is_final: Boolean(row.is_final),
    }));
  }

  /** `PRAGMA quick_check`: 'ok', or the problems SQLite finds (at most `max`). */
  quickCheck(max = 10): string[] {
    return (this.db.pragma(`quick_check(${Math.max(1, Math.floor(max))})`) as { quick_check: string }[]).map(
      (r) => r.quick_check,
    );
  }

  hasTable(name: string): boolean {
    return this.tables.has(name);
  }

  // -------------------------------------------------------------- plumbing

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run(sql: string, ...params: unknown[]): number {
    return this.statement(sql).run(...params).changes;
  }

  private insert(sql: string, ...params: unknown[]): number | bigint {
    return this.statement(sql).run(...params).lastInsertRowid;
  }

  private get(sql: string, ...params: unknown[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  private listTables(): Set<string> {
    try {
      return new Set(
        (
          this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
        ).map((r) => r.name),
      );
    } catch (error) {
      this.close();
      throw sqliteProblem(error, this.path);
    }
  }
}
