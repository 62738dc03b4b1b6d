import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { HttpException, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { actorOf, AuditLog, checkMayChange, ownerIdOf, type Actor, type Principal } from '@simvault/auth';
import {
  ApiError,
  badRequest,
  CLOCK,
  SIMVAULT_LOGGER,
  type Clock,
  type ErrorBody,
  type Logger,
  parseJson,
  isFloat,
} from '@simvault/core';
import { type JobContext, QueueService } from '@simvault/queue';
import {
  checkRunFile,
  EXECUTION_ID_RULE,
  isValidExecutionId,
  parseTimestamp,
  readRunViewInWorker,
  RunFileError,
  type RunIdentity,
  type RunSimulation,
  type RunFileProblem,
} from '@simvault/run-db';
import type { ResultSource } from '@simvault/entities';
import {
  ResultsRepository,
  type NewResult,
  type ParameterInput,
  type PriorResult,
} from '../results/results.repository';
import { jsonSafe } from '../results/typed-value';
import { RunFileStore, type StoredRun } from '../store/run-file-store';
import { REGISTRATION_QUEUE } from '../tokens';
import { RUN_REGISTERED_QUEUE, type RunRegistered } from '@simvault/contracts';
import type { BatchDto, RegisterDirectDto, RegisterDto, UploadQuery } from './dto/registration.dto';
import type { QueuedAnswer, RegisterAnswer, RegisterDirectAnswer } from './dto/registration-response.dto';
import { CatalogLink, type CatalogLookup, type ExecutionReport } from './catalog-link';
import { RunRoots } from './run-roots';
import { checkAgainstSchema, type CheckedValue, type SchemaWarning } from './schema-check';

/** What the catalog said of a registration, before and after it is stored. */
interface CatalogAnswer {
  schemaOk: boolean | null;
  warnings: SchemaWarning[];
  notes: string[];
  simulationId: number | null;
}

/**
 * What the catalog answered, when a job was queued, for a simulation its files name: looked up
 * with the caller's token in the request, so that the job (which holds no token: tokens are never
 * put on the queue) checks the values against the schema the caller may see.
 */
type PreparedVersion = RunSimulation & { lookup: CatalogLookup };

/** How a registration sees the catalog: with the caller's token (in a request), or as prepared for a job. */
type CatalogAccess =
  { token: string | undefined } | { prepared: PreparedVersion[] | undefined; recorded?: string | null };

/** A job looks up at most this many distinct simulation versions when it is queued; more are unchecked. */
const MAX_PREPARED_VERSIONS = 50;

/** A run file to register: from a run root (copied) or an upload already in the store's temp dir (moved). */
interface FileJob {
  kind: 'file';
  path: string;
  mode: 'copy' | 'move';
  source: 'run_root' | 'upload';
  executionId?: string;
  squidId?: string | null;
  metadata?: Record<string, unknown> | null;
  caller: Actor;
  /** Whose job it is (who may see it): the caller's owner id. */
  owner_id: string;
  /** Set when queued: the catalog's versions for this file (absent in a job queued before there was any). */
  catalog?: PreparedVersion[];
  /**
   * Whether the execution was recorded in the catalog when the job was queued: null when it was,
   * the catalog's refusal when it refused, absent when it was not tried.
   */
  recorded?: string | null;
}

interface BatchJob {
  kind: 'batch';
  paths: string[];
  caller: Actor;
  owner_id: string;
  catalog?: PreparedVersion[];
}

type RegistrationJob = FileJob | BatchJob;

export interface BatchProgress {
  done: number;
  total: number;
  registered: number;
  failed: number;
}

/** At most this many failures are listed in a batch's result (all are counted). */
const MAX_LISTED_FAILURES = 1000;

const PROBLEM_STATUS: Record<RunFileProblem, number> = {
  not_found: 404,
  not_a_file: 400,
  too_large: 413,
  not_sqlite: 400,
  corrupt: 400,
  missing_tables: 400,
  bad_layout: 400,
  no_run: 400,
  unreadable: 400,
};

/**
 * A run-file refusal as an HTTP error, naming the file as the client knows it (`shownAs`: its path
 * under the run root, or "The upload") rather than where the server keeps it; anything else
 * unchanged.
 */
export function asHttpError(error: unknown, path?: string, shownAs?: string): unknown {
  if (error instanceof RunFileError) {
    const message = path && shownAs ? error.message.split(path).join(shownAs) : error.message;
    return new ApiError(PROBLEM_STATUS[error.problem], message);
  }
  return error;
}

const UPLOAD = 'The upload';

/**
 * The sentence an error would be answered with. An unexpected error's own message (which may name
 * the server's files) goes to the server log, not into a job record.
 */
function sentenceOf(error: unknown, logger: Logger): { error: string; statusCode: number } {
  const e = asHttpError(error);
  if (e instanceof HttpException) {
    const body = e.getResponse() as ErrorBody | string;
    return { error: typeof body === 'string' ? body : body.error, statusCode: e.getStatus() };
  }
  logger.error({ err: e instanceof Error ? e.message : String(e) }, 'a registration job failed');
  return { error: 'The registration failed on the server; its log says why.', statusCode: 500 };
}

/**
 * Registration: reads a run file (from a run root or an upload), keeps the platform's copy, and
 * stores its result with typed parameter values; or stores what register_direct sends. Large
 * numbers of files go through jobs on the registration queue (BullMQ with Redis, in-process
 * otherwise). Each registered run file is announced on the `run-registered` queue for the files
 * service.
 */
@Injectable()
export class RegistrationService implements OnApplicationBootstrap {
  constructor(
    private readonly roots: RunRoots,
    private readonly store: RunFileStore,
    private readonly repository: ResultsRepository,
    private readonly queue: QueueService,
    private readonly audit: AuditLog,
    private readonly catalog: CatalogLink,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
  ) {}

  get maxRunFileBytes(): number {
    return this.store.maxBytes;
  }

  onApplicationBootstrap() {
    this.queue.process<RegistrationJob, unknown>(REGISTRATION_QUEUE, (job, context) =>
      this.runJob(job, context),
    );
  }

  /** POST /register: the run file of an execution, from the run roots. */
  async register(
    dto: RegisterDto,
    caller: Principal,
    token?: string,
  ): Promise<RegisterAnswer | QueuedAnswer> {
    const path = await this.roots.locate(dto.execution_id, dto.run_db_path);
    await this.check(path, this.roots.shown(path));
    const job: FileJob = {
      kind: 'file',
      path,
      mode: 'copy',
      source: 'run_root',
      executionId: dto.execution_id,
      squidId: dto.squid_id,
      metadata: dto.metadata,
      caller: actorOf(caller),
      owner_id: ownerIdOf(caller),
    };
    return dto.async ? this.enqueue(job, token) : this.registerFile(job, { token });
  }

  /** POST /register/upload: the run file is the request body. */
  async upload(
    body: Readable,
    query: UploadQuery,
    caller: Principal,
    token?: string,
  ): Promise<RegisterAnswer | QueuedAnswer> {
    let temp: string;
    try {
      temp = await this.store.receive(body);
    } catch (error) {
      throw asHttpError(error);
    }
    try {
      await this.check(temp, UPLOAD);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const job: FileJob = {
      kind: 'file',
      path: temp,
      mode: 'move',
      source: 'upload',
      executionId: query.execution_id,
      squidId: query.squid_id,
      caller: actorOf(caller),
      owner_id: ownerIdOf(caller),
    };
    return query.async ? this.enqueue(job, token) : this.registerFile(job, { token });
  }

  /** POST /register/batch: many run files (named, or a directory's), always as one job. */
  async batch(dto: BatchDto, caller: Principal, token?: string): Promise<QueuedAnswer> {
    if ((dto.paths === undefined) === (dto.directory === undefined)) {
      throw badRequest('Give either paths (a list of run files) or directory, not both and not neither.');
    }
    let paths: string[];
    if (dto.directory !== undefined) {
      paths = await this.roots.list(dto.directory, dto.recursive === true);
    } else {
      paths = [];
      for (const path of dto.paths!) {
        // Outside the roots refuses the whole batch; a missing file is one failure among the rest.
        paths.push((await this.roots.check(path)) ?? path);
      }
    }
    if (paths.length === 0) throw badRequest('There is no run file to register.');
    return {
      ...(await this.enqueue(
        { kind: 'batch', paths, caller: actorOf(caller), owner_id: ownerIdOf(caller) },
        token,
      )),
      total: paths.length,
    };
  }

  /** POST /register_direct: sim2l's registration of values without a run file. */
  async registerDirect(
    dto: RegisterDirectDto,
    caller: Principal,
    token?: string,
  ): Promise<RegisterDirectAnswer> {
    const required = [
      'execution_id',
      'simulation_name',
      'simulation_version',
      'input_params',
      'output_params',
      'status',
    ];
    // As sim2l: an empty value is a missing one (an empty simulation_name names no simulation).
    const missing = required.filter((f) => {
      const value = dto[f as keyof RegisterDirectDto];
      return value === undefined || value === null || value === '';
    });
    if (missing.length > 0) throw badRequest(`${missing.join(', ')} required`, { missing });
    if (!isValidExecutionId(dto.execution_id)) {
      throw badRequest(`execution_id must be ${EXECUTION_ID_RULE}.`);
    }
    // sim2l keeps one result per squid id (per execution id when none is given): a second
    // register_direct takes the new outputs, status, duration and completion time, and keeps the
    // first execution id, inputs, run file path, metadata and the name and version.
    const first = await this.repository.findDirectTarget(dto.squid_id || null, dto.execution_id!);
    const inputs = first
      ? (parseJson(String(first.input_params)) as Record<string, unknown>)
      : dto.input_params!;
    const parameters: ParameterInput[] = [
      ...Object.entries(inputs).map(([name, value]) => ({
        ...inferred('input', name, value),
        float: isFloat(inputs, name),
      })),
      ...Object.entries(dto.output_params!).map(([name, value]) => ({
        ...inferred('output', name, value),
        float: isFloat(dto.output_params!, name),
      })),
    ];
    const now = this.clock.now();
    const executionId = first ? String(first.execution_id) : dto.execution_id!;
    const squidId = first
      ? String(first.squid_id)
      : dto.squid_id || `${dto.simulation_name}/${dto.simulation_version}/${dto.execution_id}`;
    const kept = await this.mayReplace(caller, executionId, squidId, now);
    const simulationName = first ? String(first.simulation_name) : dto.simulation_name!;
    const simulationVersion = first ? String(first.simulation_version) : dto.simulation_version!;
    const checked = await this.checkWithCatalog(simulationName, simulationVersion, parameters, { token });
    const saved = await this.repository.save(
      {
        executionId,
        squidId,
        simulationName,
        simulationVersion,
        status: dto.status!,
        valid: !kept,
        invalidReason: kept?.invalidReason ?? null,
        invalidatedAt: kept?.invalidatedAt ?? null,
        durationSeconds: dto.duration_seconds ?? null,
        errorMessage: null,
        startedAt: null,
        completedAt: dto.status === 'running' ? null : now,
        metadata: first
          ? (parseJson(String(first.metadata ?? 'null')) as Record<string, unknown> | null)
          : (dto.metadata ?? null),
        runFile: (first?.run_file as string | null | undefined) ?? null,
        runChecksum: (first?.run_checksum as string | null | undefined) ?? null,
        runSizeBytes: first?.run_size_bytes == null ? null : Number(first.run_size_bytes),
        sourcePath: first ? ((first.source_path as string | null) ?? null) : dto.run_db_path || null,
        source: first ? (first.source as ResultSource) : 'direct',
        registeredBy: caller.username,
        ownerId: ownerIdOf(caller),
        schemaOk: checked.schemaOk,
        schemaWarnings: checked.warnings.length > 0 ? checked.warnings : null,
        parameters,
      },
      now,
    );
    await this.recordExecution(
      checked,
      { token },
      {
        execution_id: executionId,
        squid_id: squidId,
        status: dto.status!,
        duration_seconds: dto.duration_seconds ?? null,
        completed_at: dto.status === 'running' ? null : now.toISOString(),
        run_db_path: dto.run_db_path || null,
      },
    );
    return {
      success: true as const,
      result_id: saved.resultId,
      schema_id: saved.schemaId,
      execution_id: executionId,
      squid_id: squidId,
      valid: !kept,
      ...catalogFields(checked),
    };
  }

  /**
   * Checks the values against the catalog version's schema, as the caller sees the catalog: asked
   * now with the caller's token, or as the catalog answered when the job was queued. A job cannot
   * record the execution in the catalog (that is done as the caller, and a job holds no token).
   */
  private async checkWithCatalog(
    name: string,
    version: string,
    parameters: CheckedValue[],
    access: CatalogAccess,
  ): Promise<CatalogAnswer> {
    const notes: string[] = [];
    let lookup: CatalogLookup | undefined;
    if ('token' in access) {
      if (access.token !== undefined) lookup = await this.catalog.version(name, version, access.token);
    } else {
      lookup = access.prepared?.find(
        (p) => p.simulation_name === name && p.simulation_version === version,
      )?.lookup;
      if (access.recorded === undefined) {
        notes.push(
          'Registered by a job: the execution was not recorded in the catalog (a job holds no credential of its caller).',
        );
      } else if (access.recorded !== null) notes.push(access.recorded);
    }
    if (lookup === undefined) {
      return {
        schemaOk: null,
        warnings: [],
        notes: [`${name} ${version} was not looked up in the catalog: the values were not checked.`],
        simulationId: null,
      };
    }
    if (!lookup.found) return { schemaOk: null, warnings: [], notes: [lookup.message], simulationId: null };
    const warnings = checkAgainstSchema(
      { input: lookup.version.input_schema, output: lookup.version.output_schema },
      parameters,
    );
    return { schemaOk: warnings.length === 0, warnings, notes, simulationId: lookup.version.id };
  }

  /**
   * Before a job is queued: the catalog's versions for the simulations its files name, asked with
   * the caller's token (the job will hold the schemas, never the token). The names are read on a
   * worker thread from each file's run_metadata row; a file that cannot be read is left out (its
   * registration fails on its own), and a read that fails or takes too long leaves the job
   * unchecked, which its answers say.
   */
  private async prepareCatalog(
    paths: string[],
    token: string | undefined,
  ): Promise<{ prepared: PreparedVersion[]; runs: RunIdentity[] }> {
    if (token === undefined) return { prepared: [], runs: [] };
    let runs: RunIdentity[];
    try {
      runs = await readRunViewInWorker(paths[0], { kind: 'simulations', paths }, this.store.readLimits);
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error), files: paths.length },
        'could not read the simulations a registration job names',
      );
      return { prepared: [], runs: [] };
    }
    const simulations = new Map<string, RunSimulation>();
    for (const r of runs) {
      const key = `${r.simulation_name}\u0000${r.simulation_version}`;
      if (!simulations.has(key) && simulations.size < MAX_PREPARED_VERSIONS) {
        simulations.set(key, {
          simulation_name: r.simulation_name,
          simulation_version: r.simulation_version,
        });
      }
    }
    const prepared: PreparedVersion[] = [];
    for (const s of simulations.values()) {
      prepared.push({
        ...s,
        lookup: await this.catalog.version(s.simulation_name, s.simulation_version, token),
      });
    }
    return { prepared, runs };
  }

  /**
   * A single file's execution is recorded in the catalog when it is queued, as the caller (the job
   * holds no credential to do it later): the run happened, whatever becomes of its registration.
   * Not when the file names another execution than the request (the job refuses it). A batch's
   * executions are not recorded: that would be one catalog call per file inside the request.
   */
  private async recordQueued(
    job: FileJob,
    prepared: PreparedVersion[],
    run: RunIdentity | undefined,
    token: string | undefined,
  ): Promise<string | null | undefined> {
    if (token === undefined || run === undefined) return undefined;
    if (job.executionId !== undefined && run.execution_id !== job.executionId) return undefined;
    const lookup = prepared.find(
      (p) => p.simulation_name === run.simulation_name && p.simulation_version === run.simulation_version,
    )?.lookup;
    if (!lookup?.found) return undefined;
    return this.catalog.record(
      {
        simulation_id: lookup.version.id,
        execution_id: run.execution_id,
        squid_id: squidIdOf(job, run),
        status: run.status,
        duration_seconds: run.duration_seconds,
        completed_at: parseTimestamp(run.completed_at)?.toISOString() ?? null,
        run_db_path: job.source === 'run_root' ? job.path : null,
      },
      token,
    );
  }

  /** Records the stored result as an execution of its catalog version (the catalog keeps one per execution id). */
  private async recordExecution(
    checked: CatalogAnswer,
    access: CatalogAccess,
    run: Omit<ExecutionReport, 'simulation_id'>,
  ): Promise<void> {
    if (!('token' in access) || access.token === undefined || checked.simulationId === null) return;
    const note = await this.catalog.record({ ...run, simulation_id: checked.simulationId }, access.token);
    if (note) checked.notes.push(note);
  }

  /**
   * Before a registration replaces stored results (same execution or squid id): refuses unless
   * each is the caller's or the caller may curate results (anonymous sessions never replace a
   * user's); writes a replacement of someone else's to the audit log. Answers the invalidation a
   * replaced result carried, which the new registration keeps: only deleting the result (or a
   * curator doing so) lifts an invalidation, never a re-registration.
   */
  private async mayReplace(
    caller: Actor,
    executionId: string,
    squidId: string,
    now: Date,
  ): Promise<PriorResult | undefined> {
    const prior = await this.repository.prior(executionId, squidId);
    for (const p of prior) {
      const { othersWork } = checkMayChange(caller, p.ownerId, 'results_curate', `Result ${p.executionId}`);
      if (othersWork) {
        await this.audit.record({
          caller,
          service: 'results',
          action: 'result.replace',
          target: p.executionId,
          targetOwnerId: p.ownerId,
          at: now,
        });
      }
    }
    return prior.find((p) => !p.valid && p.invalidatedAt !== null);
  }

  private async check(path: string, shownAs: string): Promise<void> {
    try {
      await checkRunFile(path, { maxBytes: this.store.maxBytes });
    } catch (error) {
      if (error instanceof RunFileError) this.logger.info({ path, problem: error.problem }, error.message);
      throw asHttpError(error, path, shownAs);
    }
  }

  /** The file of a job as its caller knows it. */
  private shown(job: FileJob): string {
    return job.source === 'upload' ? UPLOAD : this.roots.shown(job.path);
  }

  private async enqueue(job: RegistrationJob, token: string | undefined): Promise<QueuedAnswer> {
    const { prepared, runs } = await this.prepareCatalog(
      job.kind === 'batch' ? job.paths : [job.path],
      token,
    );
    job.catalog = prepared;
    if (job.kind === 'file') job.recorded = await this.recordQueued(job, prepared, runs[0], token);
    const id = await this.queue.add(
      REGISTRATION_QUEUE,
      job.kind === 'batch' ? 'register-batch' : 'register',
      job,
    );
    return { success: true, status: 'queued', job_id: id, status_url: `/jobs/${encodeURIComponent(id)}` };
  }

  private async runJob(job: RegistrationJob, context: JobContext): Promise<unknown> {
    if (job.kind === 'file') {
      try {
        return await this.registerFile(job, { prepared: job.catalog, recorded: job.recorded });
      } catch (error) {
        throw new Error(sentenceOf(error, this.logger).error);
      }
    }
    const progress: BatchProgress = { done: 0, total: job.paths.length, registered: 0, failed: 0 };
    const failures: { path: string; error: string; status_code: number }[] = [];
    let reported = 0;
    for (const path of job.paths) {
      try {
        await this.registerFile(
          {
            kind: 'file',
            path,
            mode: 'copy',
            source: 'run_root',
            caller: job.caller,
            owner_id: job.owner_id,
          },
          { prepared: job.catalog },
        );
        progress.registered++;
      } catch (error) {
        progress.failed++;
        if (failures.length < MAX_LISTED_FAILURES) {
          const { error: sentence, statusCode } = sentenceOf(error, this.logger);
          failures.push({ path: this.roots.shown(path), error: sentence, status_code: statusCode });
        }
      }
      progress.done++;
      // Progress costs a Redis round trip with BullMQ: report every 1 % and at the end.
      if (progress.done === progress.total || progress.done - reported >= Math.max(1, progress.total / 100)) {
        reported = progress.done;
        await context.updateProgress({ ...progress });
      }
    }
    return { ...progress, failures };
  }

  /** Takes the file into the store and stores its result; nothing is kept when any step fails. */
  private async registerFile(job: FileJob, access: CatalogAccess): Promise<RegisterAnswer> {
    if (job.mode === 'copy') await this.check(job.path, this.shown(job));
    let stored: StoredRun;
    try {
      stored = await this.store.import(job.path, job.mode);
    } catch (error) {
      throw asHttpError(error, job.path, this.shown(job));
    }
    const summary = stored.contents.summary;
    const now = this.clock.now();
    let saved: { resultId: number; schemaId: number | null };
    let result: NewResult;
    let checked: CatalogAnswer;
    const squidId = squidIdOf(job, summary);
    try {
      if (job.executionId !== undefined && summary.execution_id !== job.executionId) {
        throw badRequest(`The run file holds execution "${summary.execution_id}", not "${job.executionId}".`);
      }
      const kept = await this.mayReplace(job.caller, summary.execution_id, squidId, now);
      result = this.resultOf(stored, job, squidId);
      checked = await this.checkWithCatalog(
        result.simulationName,
        result.simulationVersion,
        result.parameters,
        access,
      );
      result.schemaOk = checked.schemaOk;
      result.schemaWarnings = checked.warnings.length > 0 ? checked.warnings : null;
      if (kept) {
        result.valid = false;
        result.invalidReason = kept.invalidReason;
        result.invalidatedAt = kept.invalidatedAt;
      }
      saved = await this.repository.save(result, now);
    } catch (error) {
      await this.store.discard(stored);
      throw error;
    }
    this.announce(stored);
    await this.recordExecution(checked, access, {
      execution_id: summary.execution_id,
      squid_id: squidId,
      status: summary.status,
      duration_seconds: summary.duration_seconds,
      completed_at: result.completedAt?.toISOString() ?? null,
      run_db_path: result.sourcePath,
    });
    return {
      success: true,
      result_id: saved.resultId,
      schema_id: saved.schemaId,
      execution_id: summary.execution_id,
      squid_id: squidId,
      valid: result.valid,
      run_file: stored.path,
      checksum: stored.checksum,
      ...catalogFields(checked),
    };
  }

  private resultOf(stored: StoredRun, job: FileJob, squidId: string): NewResult {
    const { summary, inputs, outputs } = stored.contents;
    const parameters: ParameterInput[] = [
      ...Object.entries(inputs).map(([name, p]) => ({
        paramClass: 'input' as const,
        name,
        value: p.value,
        type: p.type,
        units: p.units,
      })),
      ...Object.entries(outputs).map(([name, p]) => ({
        paramClass: 'output' as const,
        name,
        value: p.value,
        type: p.type,
        units: p.units,
      })),
    ];
    return {
      executionId: summary.execution_id,
      squidId,
      simulationName: summary.simulation_name,
      simulationVersion: summary.simulation_version,
      status: summary.status,
      valid: summary.valid,
      invalidReason: summary.invalidation?.reason ?? null,
      invalidatedAt: parseTimestamp(summary.invalidation?.invalidated_at),
      durationSeconds: summary.duration_seconds,
      errorMessage: summary.error_message,
      startedAt: parseTimestamp(summary.started_at),
      completedAt: parseTimestamp(summary.completed_at),
      metadata: job.metadata ?? null,
      runFile: stored.path,
      runChecksum: stored.checksum,
      runSizeBytes: stored.sizeBytes,
      sourcePath: job.source === 'run_root' ? job.path : null,
      source: job.source,
      registeredBy: job.caller.username,
      ownerId: job.owner_id,
      schemaOk: null,
      schemaWarnings: null,
      parameters,
    };
  }

  /**
   * Tells the files service (through its queue) that a run file is registered. Not awaited: with
   * Redis away, adding a job waits for it, and a registration must not; without a consumer the job
   * simply waits (BullMQ) or ends unprocessed (in-process), which is not a registration failure.
   */
  private announce(stored: StoredRun): void {
    const { summary } = stored.contents;
    this.queue
      .add(RUN_REGISTERED_QUEUE, 'run-registered', {
        execution_id: summary.execution_id,
        simulation_name: summary.simulation_name,
        simulation_version: summary.simulation_version,
        run_file: stored.path,
        checksum: stored.checksum,
      } satisfies RunRegistered)
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error), execution_id: summary.execution_id },
          'could not announce a registered run file',
        ),
      );
  }
}

/** A run's squid id: the one the request gives, else the file's, else name/version/execution id. */
function squidIdOf(
  job: { squidId?: string | null },
  run: Pick<RunIdentity, 'squid_id' | 'simulation_name' | 'simulation_version' | 'execution_id'>,
): string {
  return (
    job.squidId || run.squid_id || `${run.simulation_name}/${run.simulation_version}/${run.execution_id}`
  );
}

function catalogFields(checked: CatalogAnswer) {
  return {
    schema_ok: checked.schemaOk,
    schema_warnings: checked.warnings,
    catalog_notes: checked.notes,
    simulation_id: checked.simulationId,
  };
}

/** sim2l's type names for values given without a declared type (register_direct). */
function inferred(paramClass: 'input' | 'output', name: string, value: unknown): ParameterInput {
  const type =
    value === null
      ? 'null'
      : typeof value === 'number'
        ? 'number'
        : typeof value === 'string'
          ? 'string'
          : typeof value === 'boolean'
            ? 'boolean'
            : Array.isArray(value)
              ? 'list'
              : 'dict';
  return { paramClass, name, value: jsonSafe(value), type, units: null };
}
