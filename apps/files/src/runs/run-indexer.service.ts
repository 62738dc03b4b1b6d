import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { isChecksum, parseChecksum } from '@simvault/buffers';
import {
  ApiError,
  badRequest,
  CLOCK,
  notFound,
  SIMVAULT_CONFIG,
  SIMVAULT_LOGGER,
  type Clock,
  type Logger,
  type SimvaultConfig,
} from '@simvault/core';
import { QueueService } from '@simvault/queue';
import {
  checkRunFile,
  checkRunSchema,
  EXECUTION_ID_RULE,
  isValidExecutionId,
  RunFileError,
  sqliteProblem,
} from '@simvault/run-db';
import Database from 'better-sqlite3';
import { RUN_REGISTERED_QUEUE, runFilePath, type RunRegistered } from '@simvault/contracts';
import { FilesDb } from '../db/files-db';
import { ArtifactContent } from './artifact-content';
import { ArtifactStore } from './artifact-store';
import { RunArtifactsRepository, type Artifact, type IndexedRun } from './run-artifacts.repository';
import { openBlob } from './sqlite-blob';

export type { IndexAnswer } from './artifact.response';
import type { IndexAnswer } from './artifact.response';

const MAX_NAME = 4096;

const PROBLEM_STATUS: Record<string, number> = { not_found: 404, too_large: 413 };

interface RawArtifact {
  id: number;
  name: unknown;
  path: unknown;
  content_hash: unknown;
  content_type: unknown;
  size_bytes: unknown;
  category: unknown;
  external_path: unknown;
  description: unknown;
  created_at: unknown;
  data_type: string | null;
  data_length: number | null;
}

const text = (v: unknown, max: number): string | null =>
  v === null || v === undefined || v === '' ? null : String(v).slice(0, max);

/**
 * Indexes a run's artifacts into run_artifacts when the results service announces a registration
 * (a job on `run-registered`), and on demand. It reads the platform's stored copy of the run file
 * (a file the platform holds under SIMVAULT_RUN_STORE_DIR, stored by checksum and never changed),
 * never the results service's tables. Inline artifacts are measured from their bytes; a missing or
 * malformed content_hash is computed by reading them once.
 */
@Injectable()
export class RunIndexer implements OnApplicationBootstrap {
  constructor(
    private readonly db: FilesDb,
    private readonly runs: RunArtifactsRepository,
    private readonly content: ArtifactContent,
    private readonly store: ArtifactStore,
    private readonly queue: QueueService,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap() {
    this.queue.process<unknown, IndexAnswer>(RUN_REGISTERED_QUEUE, (data) => this.onRegistered(data));
  }

  /** The queue event. Its fields are checked like any input: the run file must be in the run store. */
  async onRegistered(data: unknown): Promise<IndexAnswer> {
    const event = (data ?? {}) as Partial<RunRegistered>;
    try {
      if (!isValidExecutionId(event.execution_id))
        throw badRequest(`execution_id must be ${EXECUTION_ID_RULE}.`);
      if (typeof event.run_file !== 'string') throw badRequest('run_file is required.');
      const answer = await this.index(
        event.execution_id,
        event.run_file,
        String(event.checksum),
        RUN_REGISTERED_QUEUE,
      );
      this.logger.info(
        { execution_id: answer.execution_id, artifacts: answer.artifacts },
        'run artifacts indexed',
      );
      return answer;
    } catch (error) {
      const message =
        error instanceof ApiError
          ? (error.getResponse() as { error: string }).error
          : error instanceof Error
            ? error.message
            : String(error);
      this.logger.warn(
        { execution_id: event.execution_id, err: message },
        'could not index a registered run',
      );
      throw new Error(message);
    }
  }

  /**
   * POST /runs/{id}/index: from the run file of that checksum in the run store, or (without one) the
   * run file indexed last time.
   */
  async indexOnDemand(executionId: string, checksum: string | undefined, by: string): Promise<IndexAnswer> {
    if (!isValidExecutionId(executionId)) throw badRequest(`The execution id must be ${EXECUTION_ID_RULE}.`);
    if (checksum === undefined) {
      const known = await this.runs.findRun(executionId);
      if (!known) {
        throw notFound(
          `This service has not indexed run ${executionId} yet: give the checksum of its run file (run_file.checksum in GET /results/${executionId}).`,
        );
      }
      return this.index(executionId, known.runFile, known.checksum, by);
    }
    const cs = this.checksum(checksum);
    return this.index(executionId, runFilePath(this.config.results.runStoreDir, cs), cs, by);
  }

  private checksum(value: string): string {
    try {
      return parseChecksum(value);
    } catch (error) {
      throw badRequest(`Invalid request: ${(error as Error).message}.`);
    }
  }

  private async index(
    executionId: string,
    runFile: string,
    checksum: string,
    by: string,
  ): Promise<IndexAnswer> {
    const cs = this.checksum(checksum);
    // A files replica on another host than the results service's has the run file in the bucket only.
    await this.content.runFileCopy(cs);
    const path = await this.inRunStore(runFile, cs);
    const { run, rows } = this.read(path);
    if (run.execution_id !== executionId) {
      throw badRequest(
        `The run file ${cs} holds run ${JSON.stringify(run.execution_id)}, not ${executionId}.`,
      );
    }
    const artifacts: Artifact[] = [];
    let skipped = 0;
    for (const row of rows) {
      const name = text(row.name, Number.MAX_SAFE_INTEGER);
      if (name === null || name.length > MAX_NAME) {
        skipped++;
        continue;
      }
      artifacts.push(await this.describe(row, name, run, path));
    }
    const now = this.clock.now();
    const indexed: IndexedRun = {
      executionId,
      simulationName: String(run.simulation_name).slice(0, 255),
      simulationVersion: String(run.simulation_version).slice(0, 100),
      runFile: path,
      checksum: cs,
      artifactCount: artifacts.length,
      totalSize: artifacts.reduce((sum, a) => sum + a.size, 0),
      indexedAt: now,
      indexedBy: by.slice(0, 64),
    };
    await this.db.transaction((tx) => this.runs.replace(tx, indexed, artifacts));
    return {
      execution_id: executionId,
      simulation_name: indexed.simulationName,
      simulation_version: indexed.simulationVersion,
      checksum: cs,
      artifacts: artifacts.length,
      total_size: indexed.totalSize,
      indexed_at: now.toISOString(),
      skipped,
    };
  }

  /** The stored run file: `<run store>/<cs[0:2]>/<cs>.db`, nothing else (links resolved). */
  private async inRunStore(runFile: string, checksum: string): Promise<string> {
    const store = await realpath(this.config.results.runStoreDir).catch(() => null);
    const real = await realpath(runFile).catch(() => null);
    if (!store || !real) {
      throw notFound(
        `The run store holds no run file ${checksum} (was the run registered with the results service?).`,
      );
    }
    if (real !== runFilePath(store, checksum) || !real.startsWith(store + sep)) {
      throw badRequest(`${runFile} is not the run store's file for checksum ${checksum}.`);
    }
    try {
      await checkRunFile(real, { maxBytes: this.config.results.maxRunFileBytes });
    } catch (error) {
      if (error instanceof RunFileError)
        throw new ApiError(PROBLEM_STATUS[error.problem] ?? 400, error.message);
      throw error;
    }
    return real;
  }

  private read(path: string) {
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      checkRunSchema(db, path);
      db.pragma('busy_timeout = 5000');
      const tables = new Set(
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
          (t) => t.name,
        ),
      );
      if (!tables.has('run_metadata'))
        throw new RunFileError('missing_tables', `${path} has no run_metadata table.`);
      const runs = db
        .prepare('SELECT execution_id, simulation_name, simulation_version FROM run_metadata LIMIT 2')
        .all() as { execution_id: string; simulation_name: string; simulation_version: string }[];
      if (runs.length !== 1) {
        throw new RunFileError('no_run', `${path} holds ${runs.length ? 'more than one run' : 'no run'}.`);
      }
      if (!tables.has('artifacts')) return { run: runs[0], rows: [] as RawArtifact[] };
      const columns = new Set(
        (db.prepare('PRAGMA table_info(artifacts)').all() as { name: string }[]).map((c) => c.name),
      );
      const column = (name: string) => (columns.has(name) ? name : `NULL AS ${name}`);
      const data = columns.has('data');
      const rows = db
        .prepare(
          `SELECT rowid AS id, ${['name', 'path', 'content_hash', 'content_type', 'size_bytes', 'category', 'external_path', 'description', 'created_at'].map(column).join(', ')},
             ${data ? 'typeof(data)' : 'NULL'} AS data_type, ${data ? 'length(data)' : 'NULL'} AS data_length
           FROM artifacts ORDER BY rowid`,
        )
        .all() as RawArtifact[];
      return { run: runs[0], rows };
    } catch (error) {
      const problem = sqliteProblem(error, path);
      throw problem instanceof RunFileError ? new ApiError(400, problem.message) : problem;
    } finally {
      db?.close();
    }
  }

  private async describe(
    row: RawArtifact,
    name: string,
    run: { execution_id: string; simulation_name: string; simulation_version: string },
    runFile: string,
  ): Promise<Artifact> {
    const recorded = isChecksum(row.content_hash) ? row.content_hash.toLowerCase() : null;
    const externalPath = text(row.external_path, 4096);
    const inline = row.data_type === 'blob' || row.data_type === 'text';
    const artifact: Artifact = {
      executionId: run.execution_id,
      artifactId: Number(row.id),
      simulationName: String(run.simulation_name).slice(0, 255),
      simulationVersion: String(run.simulation_version).slice(0, 100),
      name,
      path: text(row.path, 4096),
      size: 0,
      category: text(row.category, 32),
      contentType:
        typeof row.content_type === 'string' && row.content_type.length <= 255 ? row.content_type : null,
      sha256: recorded,
      description: text(row.description, 8192),
      createdAt: text(row.created_at, 64),
      storage: inline ? 'inline' : externalPath ? 'external' : 'none',
      externalPath: inline ? null : externalPath,
    };
    if (inline) {
      const blob = openBlob(runFile, 'artifacts', 'data', artifact.artifactId);
      artifact.size = blob.size;
      artifact.sha256 ??= await sha256Of(blob.stream());
      return artifact;
    }
    const declared = Number(row.size_bytes);
    artifact.size = Number.isSafeInteger(declared) && declared >= 0 ? declared : 0;
    if (artifact.storage === 'external') {
      // Read only where this server may read (under a run root); elsewhere, what the run file says.
      const path = await this.content.allowed(externalPath!);
      const info = path ? await stat(path).catch(() => null) : null;
      if (path && info?.isFile()) {
        if (declared !== artifact.size) artifact.size = info.size;
        artifact.sha256 ??= await sha256Of(createReadStream(path)).catch(() => null);
        // The platform keeps its own copy, so deleting the original never breaks a download.
        if (artifact.sha256) await this.store.ingest(artifact.sha256, path);
      }
    }
    return artifact;
  }
}

async function sha256Of(stream: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}
