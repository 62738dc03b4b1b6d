import { SessionClient } from './auth';
import type { components, operations, paths } from './generated/cache';
import { answer, PageQuery, SimvaultError, typedClient, type QueryOf } from './http';

// The entry wire types are the cache's OpenAPI document's (libs/client/src/generated/cache.ts).
type Schemas = components['schemas'];

export type CacheEntry = Schemas['EntryResponse'];

/** A route of one of the platform's services. */
export type RunLink = Schemas['RunLink'];

/** What `set` stores (POST /cache): sim2l's fields, and ours. */
export type StoreEntry = Schemas['StoreEntryDto'];

export type CacheStats = Schemas['CacheStatsResponse'];

export type InvalidationFilter = Schemas['InvalidateDto'];

export type InvalidationRecord = Schemas['InvalidationResponse'];

/** GET /checksums/transformations/{cs}/explain */
export type TransformationExplanation = Schemas['TransformationExplainResponse'];

const keyPath = (key: string) => `/cache/${key.split('/').map(encodeURIComponent).join('/')}`;

/** The cache service (port 8001); the same calls as sim2l's Python CacheClient. */
/** GET /cache/explain */
export interface MissExplanation {
  verdict: 'hit' | 'expired' | 'invalidated' | 'absent';
  key: string | null;
  simulation: string | null;
  version: string | null;
  expired_at?: string | null;
  invalidation?: { id: number; at: string; by: string; reason: string | null; filter: unknown } | null;
  nearest: {
    cache_key: string;
    execution_id: string;
    simulation_version: string;
    version_differs: boolean;
    inputs_known: boolean;
    differing_inputs: { name: string; given: unknown; entry: unknown }[];
  }[];
  notes: string[];
}

export class CacheClient extends SessionClient {
  /** The typed routes of the cache's document. */
  private readonly cache = typedClient<paths>(this.http);

  /** The entry on a hit; null on a miss (absent, expired or invalidated). */
  async get(key: string): Promise<CacheEntry | null> {
    try {
      return await this.http.request<CacheEntry>('GET', keyPath(key));
    } catch (error) {
      if (error instanceof SimvaultError && error.status === 404) return null;
      throw error;
    }
  }

  set(entry: StoreEntry): Promise<Schemas['StoredEntryResponse']> {
    return answer(this.cache.POST('/cache', { body: entry }), 'POST');
  }

  // A key holds slashes, each segment encoded (keyPath); openapi-fetch would encode them all.
  delete(key: string): Promise<Schemas['EntryDeletedResponse']> {
    return this.http.request('DELETE', keyPath(key));
  }

  clear(): Promise<Schemas['EntriesClearedResponse']> {
    return answer(this.cache.DELETE('/cache'), 'DELETE');
  }

  invalidate(filter: InvalidationFilter): Promise<Schemas['InvalidatedResponse']> {
    return answer(this.cache.POST('/cache/invalidate', { body: filter }), 'POST');
  }

  /** Why a lookup missed: the key's entry now, and the live entries nearest to `inputs` (GET /cache/explain). */
  explain(query: {
    key?: string;
    simulation?: string;
    version?: string;
    inputs?: Record<string, unknown>;
    limit?: number;
  }): Promise<MissExplanation> {
    const { inputs, ...rest } = query;
    return this.http.request('GET', '/cache/explain', {
      query: { ...rest, inputs: inputs === undefined ? undefined : JSON.stringify(inputs) },
    });
  }

  getStats(simulationId?: number): Promise<CacheStats> {
    return answer(
      this.cache.GET('/cache/stats', { params: { query: { simulation_id: simulationId } } }),
      'GET',
    );
  }

  listEntries(
    query: QueryOf<operations['CacheController_list']> = {},
  ): Promise<Schemas['EntryListResponse']> {
    return answer(this.cache.GET('/cache/entries', { params: { query } }), 'GET');
  }

  listInvalidations(query: PageQuery = {}): Promise<Schemas['InvalidationPage']> {
    return answer(this.cache.GET('/cache/invalidations', { params: { query } }), 'GET');
  }

  /** A page of the recorded Seamless transformations in checksum order (pass the answer's `next` as `after`). */
  listTransformations(
    query: { after?: string; limit?: number } = {},
  ): Promise<{ transformations: { checksum: string; result: string }[]; next: string | null }> {
    return this.http.request('GET', '/checksums/transformations', { query });
  }

  /**
   * A page of one kind of Seamless record (transformation, buffer_info, semantic_to_syntactic,
   * expression, metadata, irreproducible) in its key's order: pass the answer's `next` as `after`.
   */
  listRecords(kind: string, query: { after?: string; limit?: number } = {}): Promise<Schemas['RecordsPage']> {
    return answer(this.cache.GET('/checksums/records/{kind}', { params: { path: { kind }, query } }), 'GET');
  }

  /** What is known about a buffer; null when nothing is. */
  getBufferInfo(checksum: string): Promise<Schemas['BufferInfoResponse'] | null> {
    return orNull(
      answer(this.cache.GET('/checksums/buffer-info/{checksum}', { params: { path: { checksum } } }), 'GET'),
    );
  }

  /** Reports buffer info (merged into what is known); answers the merged info. */
  putBufferInfo(checksum: string, info: Record<string, unknown>): Promise<Schemas['BufferInfoResponse']> {
    return this.http.request('PUT', `/checksums/buffer-info/${encodeURIComponent(checksum)}`, { body: info });
  }

  /** The execution record of a transformation; null when none is stored. */
  getExecutionRecord(checksum: string): Promise<Schemas['ExecutionRecordResponse'] | null> {
    return orNull(
      answer(
        this.cache.GET('/checksums/execution-records/{checksum}', { params: { path: { checksum } } }),
        'GET',
      ),
    );
  }

  /** Stores an execution record (write-once: a different one is 409); `record` may be its JSON text. */
  putExecutionRecord(
    checksum: string,
    body: Schemas['PutExecutionRecordDto'],
  ): Promise<Schemas['StoredExecutionRecordResponse']> {
    return answer(
      this.cache.PUT('/checksums/execution-records/{checksum}', { params: { path: { checksum } }, body }),
      'PUT',
    );
  }

  /** The syntactic checksums of a semantic checksum for a celltype. */
  getSyntactic(semantic: string, celltype: string, subcelltype: string): Promise<string[]> {
    return answer(
      this.cache.GET('/checksums/semantic/{checksum}/syntactic', {
        params: { path: { checksum: semantic }, query: { celltype, subcelltype } },
      }),
      'GET',
    ).then((r) => r.syntactic);
  }

  /** Adds syntactic checksums of a semantic checksum (known pairs ignored). */
  putSyntactic(
    semantic: string,
    body: Schemas['PutSyntacticDto'],
  ): Promise<Schemas['SyntacticChecksumsResponse']> {
    return answer(
      this.cache.PUT('/checksums/semantic/{checksum}/syntactic', {
        params: { path: { checksum: semantic } },
        body,
      }),
      'PUT',
    );
  }

  /** The results of many transformation checksums in one request (≤ 1000), null where none. */
  lookupTransformations(checksums: string[]): Promise<{ results: Record<string, string | null> }> {
    return this.http.request('POST', '/checksums/transformations/lookup', { body: { checksums } });
  }

  /**
   * Why a transformation missed: its result, and the recorded transformations of the same code
   * nearest to it with the inputs that changed (GET /checksums/transformations/{cs}/explain).
   */
  explainTransformation(checksum: string, limit?: number): Promise<TransformationExplanation> {
    return this.http.request('GET', `/checksums/transformations/${encodeURIComponent(checksum)}/explain`, {
      query: { limit },
    });
  }

  putTransformation(checksum: string, result: string): Promise<{ checksum: string; result: string }> {
    return this.http.request('PUT', `/checksums/transformations/${encodeURIComponent(checksum)}`, {
      body: { result },
    });
  }

  /** Which of these buffers the store holds, in request order (≤ 10 000). */
  async hasBuffers(checksums: string[]): Promise<boolean[]> {
    return (await this.http.request<{ has: boolean[] }>('POST', '/buffers/has', { body: { checksums } })).has;
  }

  /** A buffer's bytes; null when the store lacks it. */
  async getBuffer(checksum: string): Promise<Uint8Array | null> {
    const path = `/buffers/${encodeURIComponent(checksum)}`;
    const headers: Record<string, string> = {};
    if (this.http.token) headers.authorization = `Bearer ${this.http.token}`;
    const res = await fetch(`${this.http.baseUrl}${path}`, { headers });
    if (res.status === 404) return null;
    if (!res.ok) {
      const text = await res.text();
      throw new SimvaultError(res.status, text.startsWith('{') ? JSON.parse(text) : text, 'GET', path);
    }
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Stores a buffer under its checksum (refused when the bytes do not hash to it). */
  async putBuffer(
    checksum: string,
    bytes: Uint8Array,
  ): Promise<{ checksum: string; length: number; created: boolean }> {
    const path = `/buffers/${encodeURIComponent(checksum)}`;
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      accept: 'application/json',
    };
    if (this.http.token) headers.authorization = `Bearer ${this.http.token}`;
    const res = await fetch(`${this.http.baseUrl}${path}`, { method: 'PUT', headers, body: bytes });
    const text = await res.text();
    const body = text.startsWith('{') ? JSON.parse(text) : text;
    if (!res.ok) throw new SimvaultError(res.status, body, 'PUT', path);
    return body as { checksum: string; length: number; created: boolean };
  }
}

/** A lookup's answer, null on 404 (nothing stored). */
async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof SimvaultError && error.status === 404) return null;
    throw error;
  }
}
