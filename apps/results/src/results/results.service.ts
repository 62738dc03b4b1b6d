import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { ApiError, badRequest, CLOCK, type Clock } from '@simvault/core';
import { EXECUTION_ID_RULE, isValidExecutionId } from '@simvault/run-db';
import { ResultsDb } from '../db/results-db';
import { resultResponse } from './result.response';
import { ResultsRepository } from './results.repository';

/** sim2l's answer for an unknown result, word for word. */
const NOT_FOUND = 'Result not found';

@Injectable()
export class ResultsService {
  constructor(
    private readonly repository: ResultsRepository,
    private readonly db: ResultsDb,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(executionId: string) {
    checkId(executionId);
    const row = await this.repository.find(executionId);
    if (!row) throw new ApiError(404, NOT_FOUND);
    return resultResponse(row, this.db.dialect);
  }

  async delete(executionId: string) {
    checkId(executionId);
    if (!(await this.repository.delete(executionId))) throw new ApiError(404, NOT_FOUND);
    return { status: 'deleted', execution_id: executionId };
  }

  async invalidate(executionId: string, reason: string) {
    checkId(executionId);
    if (!(await this.repository.invalidate(executionId, reason, this.clock.now()))) {
      throw new ApiError(404, NOT_FOUND);
    }
    return { status: 'invalidated', execution_id: executionId, reason };
  }

  /** The platform's copy of the run file, as a download. */
  async runFile(executionId: string): Promise<StreamableFile> {
    const result = await this.get(executionId);
    if (!result.run_db_path || !result.run_file) {
      throw new ApiError(404, `Result ${executionId} was registered without a run file.`);
    }
    const size = await stat(result.run_db_path).then(
      (s) => s.size,
      () => null,
    );
    if (size === null)
      throw new ApiError(404, `The run file of ${executionId} is no longer in the run store.`);
    return new StreamableFile(createReadStream(result.run_db_path), {
      type: 'application/vnd.sqlite3',
      length: size,
      disposition: `attachment; filename="${executionId}.db"`,
    });
  }
}

function checkId(executionId: string): void {
  if (!isValidExecutionId(executionId)) {
    throw badRequest(
      `"${String(executionId).slice(0, 200)}" is not a valid execution id: use ${EXECUTION_ID_RULE}.`,
    );
  }
}
