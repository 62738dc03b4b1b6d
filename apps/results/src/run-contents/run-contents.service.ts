import { Injectable } from '@nestjs/common';
import { ApiError } from '@simvault/core';
import { readRunViewInWorker, type LogLevel, type RunView } from '@simvault/run-db';
import { asHttpError } from '../registration/registration.service';
import { ResultsService } from '../results/results.service';
import { RunFileStore } from '../store/run-file-store';

/**
 * What is inside a result's run file beyond its inputs and outputs (metric series, logs), read from
 * the platform's copy on a worker thread, so a teammate sees a residual curve without downloading
 * the file. Whoever may read the result may read these.
 */
@Injectable()
export class RunContentsService {
  constructor(
    private readonly results: ResultsService,
    private readonly store: RunFileStore,
  ) {}

  async metrics(executionId: string) {
    return { execution_id: executionId, metrics: await this.read(executionId, { kind: 'metrics' }) };
  }

  async series(executionId: string, name: string, maxPoints: number) {
    const series = await this.read(executionId, { kind: 'series', name, maxPoints });
    if (!series) {
      throw new ApiError(
        404,
        `Result ${executionId} has no metric named ${JSON.stringify(name.slice(0, 200))}.`,
      );
    }
    return { execution_id: executionId, ...series, max_points: maxPoints };
  }

  async logs(executionId: string, query: { level?: LogLevel[]; limit: number; offset: number }) {
    const page = await this.read(executionId, {
      kind: 'logs',
      query: { levels: query.level, limit: query.limit, offset: query.offset },
    });
    return { execution_id: executionId, ...page };
  }

  /** The result as GET /results/:id checks it (id, existence), then its run file in the store. */
  private async read<V extends RunView>(executionId: string, view: V) {
    const { path } = await this.results.runFileOf(
      executionId,
      `Result ${executionId} was registered without a run file, so it has no metrics or logs here.`,
    );
    try {
      return await readRunViewInWorker(path, view, this.store.readLimits);
    } catch (error) {
      throw asHttpError(error, path, `The run file of ${executionId}`);
    }
  }
}
