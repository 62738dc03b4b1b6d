import { SessionClient } from './auth';
import type { components, operations, paths } from './generated/results';
import { answer, SimvaultError, typedClient, type QueryOf } from './http';
import { downloadResumable, saveHashed, streamRequest } from './streams';

/** A filter value: equality, or sim2l's operators (we add $ne, $in, $nin and $exists). */
export type FilterValue =
  | number
  | string
  | boolean
  | null
  | unknown[]
  | {
      $eq?: unknown;
      $ne?: unknown;
      $gt?: number | string;
      $gte?: number | string;
      $lt?: number | string;
      $lte?: number | string;
      $in?: unknown[];
      $nin?: unknown[];
      $exists?: boolean;
    };

// The wire types are the results service's OpenAPI document's (libs/client/src/generated/results.ts).
type Schemas = components['schemas'];

export type RegisterAnswer = Schemas['RegisterAnswer'];
export type RegisterDirectAnswer = Schemas['RegisterDirectAnswer'];
export type QueuedAnswer = Schemas['QueuedAnswer'];

/** A registration job: its state, progress (a batch's counts) and, once completed, its answer. */
export type RegistrationJob = Schemas['RegistrationJobResponse'];

/**
 * What `searchPage` and `search` send: the document's SearchDto, with the filter objects typed by
 * their operators (the document says only "any JSON" there).
 */
export type SearchRequest = Omit<Schemas['SearchDto'], 'input_filters' | 'output_filters'> & {
  input_filters?: Record<string, FilterValue> | null;
  output_filters?: Record<string, FilterValue> | null;
};

/**
 * One result of a search: only the fields asked for with `fields` (by default every one but
 * updated_at, metadata and run_db_path), so each may be absent.
 */
export type SearchResult = Schemas['SearchRowResponse'];
export type SearchAnswer = Schemas['SearchAnswer'];

/** A result as GET /results/{executionId} answers it, with its tags. */
export type Result = Schemas['ResultDetailResponse'];

/** What setting or removing tags answers: the result's tags now. */
export type ResultTags = Schemas['ResultTagsResponse'];

export type ParameterStats = Schemas['ParameterStatsResponse'];
export type SimulationSchema = Schemas['SimulationSchemaResponse'];

/** GET /latest/<simulation>?param= */
export type LatestValue = Schemas['LatestValue'];

/** The results service (port 8003); the calls of sim2l's Python ResultsClient, and ours. */
export class ResultsClient extends SessionClient {
  /** The typed routes of the results service's document. */
  private readonly results = typedClient<paths>(this.http);

  /** Registers the run file `<run root>/<execution_id>.db` (or `run_db_path`) on the server. */
  async registerResult(
    executionId: string,
    options: Omit<Schemas['RegisterDto'], 'execution_id' | 'async'> = {},
  ): Promise<RegisterAnswer> {
    const body = { execution_id: executionId, ...options };
    // Without `async` the server registers at once: the 200's answer, never the 202's.
    return (await answer(this.results.POST('/register', { body }), 'POST')) as RegisterAnswer;
  }

  /** The same, as a job: 202 with its id (see job / waitForJob). */
  async registerResultAsync(
    executionId: string,
    options: Omit<Schemas['RegisterDto'], 'execution_id' | 'async'> = {},
  ): Promise<QueuedAnswer> {
    const body = { execution_id: executionId, ...options, async: true };
    // With `async` the answer is the 202's job.
    return (await answer(this.results.POST('/register', { body }), 'POST')) as QueuedAnswer;
  }

  registerDirect(result: Schemas['RegisterDirectDto']): Promise<RegisterDirectAnswer> {
    return answer(this.results.POST('/register_direct', { body: result }), 'POST');
  }

  /** Sends a run file itself (bytes, or a stream such as `Readable.toWeb(createReadStream(path))`). */
  async uploadRunFile(
    file: Uint8Array | ReadableStream<Uint8Array>,
    options: { execution_id?: string; squid_id?: string; async?: boolean } = {},
  ): Promise<RegisterAnswer | QueuedAnswer> {
    const res = await streamRequest(this.http, 'POST', '/register/upload', {
      query: options,
      body: file as RequestInit['body'],
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
    });
    return (await res.json()) as RegisterAnswer | QueuedAnswer;
  }

  /** Registers run files under the server's run roots, or a directory's, as one job. */
  registerBatch(spec: Schemas['BatchDto']): Promise<QueuedAnswer> {
    return answer(this.results.POST('/register/batch', { body: spec }), 'POST');
  }

  job(jobId: string): Promise<RegistrationJob> {
    return answer(this.results.GET('/jobs/{id}', { params: { path: { id: jobId } } }), 'GET');
  }

  /** Polls a job until it completes or fails; `onProgress` sees each state read. */
  async waitForJob(
    jobId: string,
    options: { intervalMs?: number; timeoutMs?: number; onProgress?: (job: RegistrationJob) => void } = {},
  ): Promise<RegistrationJob> {
    const deadline = Date.now() + (options.timeoutMs ?? 24 * 3600 * 1000);
    for (;;) {
      const job = await this.job(jobId);
      options.onProgress?.(job);
      if (job.state === 'completed' || job.state === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`Job ${jobId} is still ${job.state}.`);
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
    }
  }

  /** The whole answer: `{results, count, total, limit, offset}`; with `fields`, only those of each result. */
  searchPage(request: SearchRequest = {}): Promise<SearchAnswer> {
    return answer(this.results.POST('/search', { body: request }), 'POST');
  }

  /** What sim2l's client.search returns: the results alone. */
  async search(request: SearchRequest = {}): Promise<SearchResult[]> {
    return (await this.searchPage({ limit: 100, ...request })).results;
  }

  /** A result, or null when there is none. */
  async getResult(executionId: string): Promise<Result | null> {
    try {
      return await answer(
        this.results.GET('/results/{executionId}', { params: { path: { executionId } } }),
        'GET',
      );
    } catch (error) {
      if (error instanceof SimvaultError && error.status === 404) return null;
      throw error;
    }
  }

  deleteResult(executionId: string): Promise<Schemas['ResultDeletedResponse']> {
    return answer(
      this.results.DELETE('/results/{executionId}', { params: { path: { executionId } } }),
      'DELETE',
    );
  }

  invalidateResult(executionId: string, reason: string): Promise<Schemas['ResultInvalidatedResponse']> {
    return answer(
      this.results.POST('/results/{executionId}/invalidate', {
        params: { path: { executionId } },
        body: { reason },
      }),
      'POST',
    );
  }

  /** Sets tags on a result (other keys kept): yours, or anyone's with results_curate. */
  setResultTags(executionId: string, tags: Record<string, string>): Promise<ResultTags> {
    return answer(
      this.results.PUT('/results/{executionId}/tags', { params: { path: { executionId } }, body: { tags } }),
      'PUT',
    );
  }

  /** Removes one tag of a result. */
  removeResultTag(executionId: string, key: string): Promise<ResultTags> {
    return answer(
      this.results.DELETE('/results/{executionId}/tags/{key}', { params: { path: { executionId, key } } }),
      'DELETE',
    );
  }

  /** The platform's copy of a result's run file. */
  async downloadRunFile(executionId: string): Promise<Uint8Array> {
    const path = `/results/${encodeURIComponent(executionId)}/run-file`;
    const res = await streamRequest(this.http, 'GET', path);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** The platform's copy of a result's run file, streamed to `path`; `onBytes` sees each chunk's size. */
  async downloadRunFileTo(
    executionId: string,
    path: string,
    onBytes?: (bytes: number) => void,
  ): Promise<{ bytes: number; sha256: string; total: number | null }> {
    const route = `/results/${encodeURIComponent(executionId)}/run-file`;
    const res = await streamRequest(this.http, 'GET', route);
    const length = Number(res.headers.get('content-length'));
    const saved = await saveHashed(res, path, onBytes);
    return { ...saved, total: Number.isFinite(length) ? length : null };
  }

  /**
   * The run file streamed to `path` and checked against its registered size and sha256 (a file
   * that does not match is removed and refused, DownloadMismatchError); an interrupted download
   * resumes where it was cut, from `<path>.part` (downloadResumable).
   */
  pullRunFile(
    executionId: string,
    path: string,
    expected: { size: number; sha256: string },
    onBytes?: (bytes: number) => void,
  ): Promise<{ bytes: number; sha256: string; resumedFrom: number }> {
    const route = `/results/${encodeURIComponent(executionId)}/run-file`;
    return downloadResumable(
      (headers) => streamRequest(this.http, 'GET', route, { headers }),
      path,
      expected,
      onBytes,
    );
  }

  /**
   * LUTE's latest valid entry: the newest valid result of a simulation that did not fail (null
   * when there is none), or with `param` only its value of that parameter.
   */
  async latest(
    simulationName: string,
    options: QueryOf<operations['LatestController_latest']> = {},
  ): Promise<Result | LatestValue | null> {
    try {
      return await answer(
        this.results.GET('/latest/{simulation}', {
          params: { path: { simulation: simulationName }, query: options },
        }),
        'GET',
      );
    } catch (error) {
      if (error instanceof SimvaultError && error.status === 404 && options.param === undefined) return null;
      throw error;
    }
  }

  /** sim2l's get_parameter_stats (param_class defaults to output). */
  getParameterStats(
    simulationName: string,
    paramName: string,
    paramClass: 'input' | 'output' = 'output',
    options: Omit<QueryOf<operations['StatsController_parameter']>, 'class'> = {},
  ): Promise<ParameterStats> {
    return answer(
      this.results.GET('/stats/{simulation}/{param}', {
        params: {
          path: { simulation: simulationName, param: paramName },
          query: { class: paramClass, ...options },
        },
      }),
      'GET',
    );
  }

  listSimulations(): Promise<Schemas['SimulationResultsResponse'][]> {
    return answer(this.results.GET('/schemas'), 'GET');
  }

  getSchema(simulationName: string): Promise<SimulationSchema> {
    return answer(
      this.results.GET('/schemas/{simulation}', { params: { path: { simulation: simulationName } } }),
      'GET',
    );
  }
}
