import { SessionClient } from './auth';
import { SimvaultError } from './http';
import { saveHashed, streamRequest } from './streams';

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

export interface RegisterAnswer {
  success: true;
  result_id: number;
  schema_id: number | null;
  execution_id: string;
  squid_id: string;
  valid?: boolean;
  run_file?: string | null;
  checksum?: string | null;
}

export interface QueuedAnswer {
  success: true;
  status: 'queued';
  job_id: string;
  status_url: string;
  total?: number;
}

export interface RegistrationJob {
  job_id: string;
  name: string;
  state: 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'unknown';
  progress: number | { done: number; total: number; registered: number; failed: number };
  result: unknown;
  error: string | null;
}

export interface SearchRequest {
  simulation_name?: string | null;
  simulation_version?: string | null;
  status?: string | null;
  input_filters?: Record<string, FilterValue>;
  output_filters?: Record<string, FilterValue>;
  /** e.g. `inputs.temperature >= 300 and (outputs.converged = true or inputs.mesh in (1, 2))` */
  filter?: string;
  limit?: number;
  offset?: number;
  /** created_at, duration_seconds, status, …, or inputs.<name> / outputs.<name>; default: newest registration first */
  sort_by?: string;
  sort_order?: 'asc' | 'desc';
  fields?: string[];
  include_invalid?: boolean;
}

export interface SearchResult {
  execution_id: string;
  simulation_name: string;
  simulation_version: string;
  squid_id: string;
  input_params: Record<string, unknown>;
  output_params: Record<string, unknown>;
  status: string;
  created_at: string;
  duration_seconds: number | null;
  valid: boolean;
  [field: string]: unknown;
}

export interface SearchAnswer {
  results: SearchResult[];
  count: number;
  total: number;
  limit: number;
  offset: number;
}

export interface Result extends SearchResult {
  id: number;
  error_message: string | null;
  completed_at: string | null;
  started_at: string | null;
  updated_at: string;
  run_db_path: string | null;
  metadata: Record<string, unknown> | null;
  schema_id: number | null;
  invalidation: { reason: string | null; invalidated_at: string | null } | null;
  run_file: { checksum: string; size_bytes: number; download: string } | null;
  source: 'run_root' | 'upload' | 'direct';
  source_path: string | null;
  registered_by: string | null;
  /** The result's tags, key to value. */
  tags: Record<string, string>;
}

/** What setting or removing tags answers: the result's tags now. */
export interface ResultTags {
  execution_id: string;
  tags: Record<string, string>;
}

export interface ParameterStats {
  param_name: string;
  param_class: 'input' | 'output';
  count: number;
  param_type?: string;
  min_value?: number;
  max_value?: number;
  avg_value?: number;
  stddev?: number | null;
  units?: string | null;
  percentiles?: Record<string, number>;
  histogram?: { lower: number; upper: number; count: number }[];
  value_counts?: { value: string | boolean; count: number }[];
  distinct_values?: number;
  kinds?: Record<string, number>;
}

export interface SimulationSchema {
  simulation_name: string;
  results: number;
  versions: { simulation_version: string; schema_id: number | null; results: number }[];
  parameters: {
    name: string;
    class: 'input' | 'output';
    type: string | null;
    declared_type: string | null;
    units: string | null;
    count: number;
    kinds: Record<string, number>;
    min: number | null;
    max: number | null;
  }[];
}

/** The results service (port 8003); the calls of sim2l's Python ResultsClient, and ours. */
/** GET /latest/<simulation>?param= */
export interface LatestValue {
  execution_id: string;
  simulation_name: string;
  simulation_version: string;
  created_at: string | null;
  param_name: string;
  param_class: 'input' | 'output';
  value: unknown;
}

export class ResultsClient extends SessionClient {
  /** Registers the run file `<run root>/<execution_id>.db` (or `run_db_path`) on the server. */
  registerResult(
    executionId: string,
    options: {
      squid_id?: string | null;
      metadata?: Record<string, unknown> | null;
      run_db_path?: string;
    } = {},
  ): Promise<RegisterAnswer> {
    return this.http.request('POST', '/register', { body: { execution_id: executionId, ...options } });
  }

  /** The same, as a job: 202 with its id (see job / waitForJob). */
  registerResultAsync(
    executionId: string,
    options: {
      squid_id?: string | null;
      metadata?: Record<string, unknown> | null;
      run_db_path?: string;
    } = {},
  ): Promise<QueuedAnswer> {
    return this.http.request('POST', '/register', {
      body: { execution_id: executionId, ...options, async: true },
    });
  }

  registerDirect(result: {
    execution_id: string;
    simulation_name: string;
    simulation_version: string;
    input_params: Record<string, unknown>;
    output_params: Record<string, unknown>;
    status: string;
    squid_id?: string | null;
    duration_seconds?: number | null;
    run_db_path?: string;
    metadata?: Record<string, unknown> | null;
  }): Promise<RegisterAnswer> {
    return this.http.request('POST', '/register_direct', { body: result });
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
  registerBatch(
    spec: { paths: string[] } | { directory: string; recursive?: boolean },
  ): Promise<QueuedAnswer> {
    return this.http.request('POST', '/register/batch', { body: spec });
  }

  job(jobId: string): Promise<RegistrationJob> {
    return this.http.request('GET', `/jobs/${encodeURIComponent(jobId)}`);
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

  /** The whole answer: `{results, count, total, limit, offset}`. */
  searchPage(request: SearchRequest = {}): Promise<SearchAnswer> {
    return this.http.request('POST', '/search', { body: request });
  }

  /** What sim2l's client.search returns: the results alone. */
  async search(request: SearchRequest = {}): Promise<SearchResult[]> {
    return (await this.searchPage({ limit: 100, ...request })).results;
  }

  /** A result, or null when there is none. */
  async getResult(executionId: string): Promise<Result | null> {
    try {
      return await this.http.request<Result>('GET', `/results/${encodeURIComponent(executionId)}`);
    } catch (error) {
      if (error instanceof SimvaultError && error.status === 404) return null;
      throw error;
    }
  }

  deleteResult(executionId: string): Promise<{ status: 'deleted'; execution_id: string }> {
    return this.http.request('DELETE', `/results/${encodeURIComponent(executionId)}`);
  }

  invalidateResult(
    executionId: string,
    reason: string,
  ): Promise<{ status: 'invalidated'; execution_id: string; reason: string }> {
    return this.http.request('POST', `/results/${encodeURIComponent(executionId)}/invalidate`, {
      body: { reason },
    });
  }

  /** Sets tags on a result (other keys kept): yours, or anyone's with results_curate. */
  setResultTags(executionId: string, tags: Record<string, string>): Promise<ResultTags> {
    return this.http.request('PUT', `/results/${encodeURIComponent(executionId)}/tags`, { body: { tags } });
  }

  /** Removes one tag of a result. */
  removeResultTag(executionId: string, key: string): Promise<ResultTags> {
    return this.http.request(
      'DELETE',
      `/results/${encodeURIComponent(executionId)}/tags/${encodeURIComponent(key)}`,
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
   * LUTE's latest valid entry: the newest valid result of a simulation that did not fail (null
   * when there is none), or with `param` only its value of that parameter.
   */
  async latest(
    simulationName: string,
    options: { version?: string; param?: string; class?: 'input' | 'output' } = {},
  ): Promise<Result | LatestValue | null> {
    try {
      return await this.http.request('GET', `/latest/${encodeURIComponent(simulationName)}`, {
        query: options,
      });
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
    options: { version?: string; bins?: number; include_invalid?: boolean; status?: string } = {},
  ): Promise<ParameterStats> {
    return this.http.request(
      'GET',
      `/stats/${encodeURIComponent(simulationName)}/${encodeURIComponent(paramName)}`,
      { query: { class: paramClass, ...options } },
    );
  }

  listSimulations(): Promise<{ simulation_name: string; results: number; versions: number }[]> {
    return this.http.request('GET', '/schemas');
  }

  getSchema(simulationName: string): Promise<SimulationSchema> {
    return this.http.request('GET', `/schemas/${encodeURIComponent(simulationName)}`);
  }
}
