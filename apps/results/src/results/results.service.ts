import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuditLog, checkMayChange, OwnerBackfill, type Principal } from '@simvault/auth';
import { STREAM_CHUNK_BYTES } from '@simvault/blobs/write';
import { FAILURE_STATUSES } from '@simvault/contracts';
import {
  ApiError,
  badRequest,
  CLOCK,
  notFound,
  SIMVAULT_LOGGER,
  type Clock,
  type ContentToSend,
  type Logger,
} from '@simvault/core';
import { EXECUTION_ID_RULE, isValidExecutionId } from '@simvault/run-db';
import { ResultsDb } from '../db/results-db';
import { RunFileStore } from '../store/run-file-store';
import type { LatestQuery } from './latest.dto';
import {
  resultResponse,
  type ResultDeletedResponse,
  type ResultInvalidatedResponse,
  type ResultDetailResponse,
} from './result.response';
import { ResultsRepository } from './results.repository';
import { checkTags, MAX_TAGS_PER_RESULT, tagKeyProblem } from './tags.dto';

/** sim2l's answer for an unknown result, word for word. */
const NOT_FOUND = 'Result not found';

@Injectable()
export class ResultsService implements OnApplicationBootstrap {
  constructor(
    private readonly repository: ResultsRepository,
    private readonly db: ResultsDb,
    private readonly audit: AuditLog,
    private readonly owners: OwnerBackfill,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIMVAULT_LOGGER) private readonly logger: Logger,
    private readonly runFiles: RunFileStore,
  ) {}

  /** Results stored before owners were kept by id get theirs (see OwnerBackfill). */
  async onApplicationBootstrap() {
    const placed = await this.owners.run(this.db.dataSource, 'results', 'registered_by', 'created_at');
    if (placed > 0) this.logger.info({ placed }, 'results given their owner ids');
  }

  async get(executionId: string): Promise<ResultDetailResponse> {
    checkId(executionId);
    const row = await this.repository.find(executionId);
    if (!row) throw new ApiError(404, NOT_FOUND);
    const tags = await this.repository.tags([Number(row.id)]);
    // Tags are set on the shaped answer itself: a spread copy would lose its float marks (json-floats).
    const answer = resultResponse(row, this.db.dialect) as ResultDetailResponse;
    answer.tags = tags.get(Number(row.id))!;
    return answer;
  }

  /**
   * LUTE's latest valid entry: the newest valid, not failed result of a simulation (one version's,
   * if given), or with `param` only its value of that parameter. 404 when there is none.
   */
  async latest(simulation: string, query: LatestQuery) {
    const row = await this.repository.latest(simulation, query.version, FAILURE_STATUSES);
    if (!row) {
      throw notFound(
        `No valid result of ${simulation}${query.version === undefined ? '' : ` ${query.version}`} that did not fail.`,
      );
    }
    const result = resultResponse(row, this.db.dialect);
    if (query.param === undefined) return result;
    const paramClass = query.class ?? 'output';
    const values = paramClass === 'input' ? result.input_params : result.output_params;
    if (!Object.hasOwn(values, query.param)) {
      throw notFound(
        `The latest valid result of ${simulation} (${result.execution_id}) has no ${paramClass} ${query.param}.`,
      );
    }
    return {
      execution_id: result.execution_id,
      simulation_name: result.simulation_name,
      simulation_version: result.simulation_version,
      created_at: result.created_at,
      param_name: query.param,
      param_class: paramClass,
      value: values[query.param],
    };
  }

  async delete(executionId: string, caller: Principal): Promise<ResultDeletedResponse> {
    await this.mayChange(executionId, caller, 'result.delete', null);
    if (!(await this.repository.delete(executionId))) throw new ApiError(404, NOT_FOUND);
    return { status: 'deleted', execution_id: executionId };
  }

  async invalidate(
    executionId: string,
    reason: string,
    caller: Principal,
  ): Promise<ResultInvalidatedResponse> {
    await this.mayChange(executionId, caller, 'result.invalidate', reason);
    if (!(await this.repository.invalidate(executionId, reason, this.clock.now()))) {
      throw new ApiError(404, NOT_FOUND);
    }
    return { status: 'invalidated', execution_id: executionId, reason };
  }

  /** Sets tags (merging: other keys are kept); the owner, or results_curate (audited). */
  async setTags(executionId: string, body: Record<string, unknown>, caller: Principal) {
    const tags = checkTags(body);
    const listed = Object.entries(tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    const row = await this.mayChange(executionId, caller, 'result.tag', listed);
    const id = Number(row.id);
    const before = (await this.repository.tags([id])).get(id)!;
    const after = { ...before, ...tags };
    if (Object.keys(after).length > MAX_TAGS_PER_RESULT) {
      throw badRequest(
        `Result ${executionId} would hold ${Object.keys(after).length} tags; a result holds at most ${MAX_TAGS_PER_RESULT}. Remove some first.`,
      );
    }
    await this.repository.setTags(id, tags, this.clock.now());
    return { execution_id: executionId, tags: sortedKeys(after) };
  }

  /** Removes one tag; 404 when the result has no such tag. */
  async removeTag(executionId: string, key: string, caller: Principal) {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) throw badRequest(keyProblem);
    const row = await this.mayChange(executionId, caller, 'result.untag', key);
    const id = Number(row.id);
    if (!(await this.repository.removeTag(id, key, this.clock.now()))) {
      throw notFound(`Result ${executionId} has no tag ${key}.`);
    }
    return { execution_id: executionId, tags: (await this.repository.tags([id])).get(id)! };
  }

  /** The owner, or `results_curate` for someone else's (written to the audit log). */
  private async mayChange(executionId: string, caller: Principal, action: string, reason: string | null) {
    checkId(executionId);
    const row = await this.repository.find(executionId);
    if (!row) throw new ApiError(404, NOT_FOUND);
    const ownerId = (row.owner_id as string | null) ?? null;
    if (checkMayChange(caller, ownerId, 'results_curate', `Result ${executionId}`).othersWork) {
      await this.audit.record({
        caller,
        service: 'results',
        action,
        target: executionId,
        targetOwnerId: ownerId,
        reason,
        at: this.clock.now(),
      });
    }
    return row;
  }

  /**
   * Where this replica reads a result's run file: its own copy, fetched from the shared object store
   * when it has none yet (or, for a run store that moved, the path it was registered at). 404 with
   * `noRunFile` for a result registered without one, or when no store holds it any more.
   */
  async runFileOf(executionId: string, noRunFile: string): Promise<{ path: string; size: number }> {
    const result = await this.get(executionId);
    if (!result.run_db_path || !result.run_file) throw new ApiError(404, noRunFile);
    const path = (await this.runFiles.localCopy(result.run_file.checksum)) ?? result.run_db_path;
    const size = await stat(path).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    if (size === null)
      throw new ApiError(404, `The run file of ${executionId} is no longer in the run store.`);
    return { path, size };
  }

  /**
   * The platform's copy of the run file, as a download (whole, or one byte range so that a cut
   * download resumes): its sha256 is the ETag, since the store keeps run files by content. A large
   * file whose shared copy is in a bucket redirects there (SIMVAULT_BLOB_REDIRECT_BYTES) without
   * this replica fetching it first.
   */
  async runFile(executionId: string): Promise<ContentToSend> {
    const noRunFile = `Result ${executionId} was registered without a run file.`;
    const result = await this.get(executionId);
    if (!result.run_file) throw new ApiError(404, noRunFile);
    const { checksum, size_bytes: registered } = result.run_file;
    const fileName = `${executionId}.db`;
    // A local copy is looked up (and fetched) only when the bytes are served from here.
    let local: { path: string; size: number } | null = null;
    const copy = async () => (local ??= await this.runFileOf(executionId, noRunFile));
    const size = registered ?? (await copy()).size;
    return {
      etag: checksum,
      size,
      contentType: 'application/vnd.sqlite3',
      filename: fileName,
      redirect: () => this.runFiles.redirect(checksum, size, fileName),
      open: async (range) => {
        const { path, size: held } = await copy();
        if (held !== size)
          throw new ApiError(
            409,
            `The run file of ${executionId} has ${held} bytes in the run store, not the ${size} registered.`,
          );
        return createReadStream(path, { highWaterMark: STREAM_CHUNK_BYTES, ...range });
      },
      onError: (error) =>
        this.logger.warn({ executionId, err: error.message }, 'run file download cut short'),
    };
  }
}

function sortedKeys(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function checkId(executionId: string): void {
  if (!isValidExecutionId(executionId)) {
    throw badRequest(
      `"${String(executionId).slice(0, 200)}" is not a valid execution id: use ${EXECUTION_ID_RULE}.`,
    );
  }
}
