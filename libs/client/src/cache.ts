import { SessionClient } from './auth';
import type { components, operations, paths } from './generated/cache';
import { answer, PageQuery, SimvaultError, typedClient, type QueryOf } from './http';
import { streamRequest } from './streams';

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

/** GET /cache/explain */
export type MissExplanation = Schemas['ExplainResponse'];

/** The cache service (port 8001); the same calls as sim2l's Python CacheClient. */
export class CacheClient extends SessionClient {
  /** The typed routes of the cache's document. */
  private readonly cache = typedClient<paths>(this.http);

  // A key holds slashes, each segment encoded (keyPath); openapi-fetch would encode them all, so
  // get and delete are made by hand, their answers typed by the document.
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
  explain(
    query: Omit<QueryOf<operations['ExplainController_explain']>, 'inputs'> & {
      inputs?: Record<string, unknown>;
    },
  ): Promise<MissExplanation> {
    const { inputs, ...rest } = query;
    // The route takes the inputs as one JSON-encoded query parameter.
    const params = { query: { ...rest, inputs: inputs === undefined ? undefined : JSON.stringify(inputs) } };
    return answer(this.cache.GET('/cache/explain', { params }), 'GET');
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
    query: QueryOf<operations['TransformationsController_list']> = {},
  ): Promise<Schemas['TransformationsPage']> {
    return answer(this.cache.GET('/checksums/transformations', { params: { query } }), 'GET');
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
  lookupTransformations(
    checksums: string[],
    validate?: boolean,
  ): Promise<Schemas['LookupTransformationsResponse']> {
    return answer(
      this.cache.POST('/checksums/transformations/lookup', { body: { checksums, validate } }),
      'POST',
    );
  }

  /**
   * Why a transformation missed: its result, and the recorded transformations of the same code
   * nearest to it with the inputs that changed (GET /checksums/transformations/{cs}/explain).
   */
  explainTransformation(checksum: string, limit?: number): Promise<TransformationExplanation> {
    return answer(
      this.cache.GET('/checksums/transformations/{checksum}/explain', {
        params: { path: { checksum }, query: { limit } },
      }),
      'GET',
    );
  }

  putTransformation(checksum: string, result: string): Promise<Schemas['TransformationResponse']> {
    return answer(
      this.cache.PUT('/checksums/transformations/{checksum}', {
        params: { path: { checksum } },
        body: { result },
      }),
      'PUT',
    );
  }

  /** Which of these buffers the store holds, in request order (≤ 10 000). */
  async hasBuffers(checksums: string[]): Promise<boolean[]> {
    return (await answer(this.cache.POST('/buffers/has', { body: { checksums } }), 'POST')).has;
  }

  // A buffer's bytes travel as application/octet-stream, which the document does not type, so the
  // two byte calls are made by hand; the JSON answer of an upload is still the document's.
  /** A buffer's bytes; null when the store lacks it. */
  async getBuffer(checksum: string): Promise<Uint8Array | null> {
    try {
      const res = await streamRequest(this.http, 'GET', `/buffers/${encodeURIComponent(checksum)}`);
      return new Uint8Array(await res.arrayBuffer());
    } catch (error) {
      if (error instanceof SimvaultError && error.status === 404) return null;
      throw error;
    }
  }

  /** Stores a buffer under its checksum (refused when the bytes do not hash to it). */
  async putBuffer(checksum: string, bytes: Uint8Array): Promise<Schemas['StoredBufferResponse']> {
    const res = await streamRequest(this.http, 'PUT', `/buffers/${encodeURIComponent(checksum)}`, {
      body: bytes as RequestInit['body'],
      headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
    });
    return (await res.json()) as Schemas['StoredBufferResponse'];
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
