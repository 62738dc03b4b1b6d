import { SessionClient } from './auth';
import type { components, operations, paths } from './generated/catalog';
import { answer, PageQuery, Query, QueryOf, SimvaultError, typedClient } from './http';

export type SimulationStatus = 'active' | 'deprecated' | 'archived';
export type Visibility = 'public' | 'internal' | 'private';
export type WorkflowType = 'notebook' | 'function' | 'dag';

// The simulation wire types are the catalog's OpenAPI document's (libs/client/src/generated/catalog.ts).
type Schemas = components['schemas'];

/** One parameter of an input or output schema; `type` in sim2l's names (`Number`, `Text`, …) or JSON ones. */
export type Schema = Schemas['SimulationResponse']['input_schema'];
export type WorkflowBundle = Schemas['WorkflowBundleResponse'];
/** What `register` sends: sim2l's register_simulation fields, plus the other catalog fields. */
export type NewSimulation = Schemas['RegisterSimulationDto'];
export type Simulation = Schemas['SimulationResponse'];
export type SimulationStats = Schemas['SimulationStatsResponse'];
export type CatalogOverview = Schemas['CatalogOverviewResponse'];

export interface SearchOptions extends PageQuery {
  query?: string;
  /** Tags; with `tag_mode: 'all'` every one must be there, otherwise any. */
  tags?: string[];
  tag_mode?: 'any' | 'all';
  /** Default `active`. */
  status?: SimulationStatus | 'all' | SimulationStatus[];
}

/** What `recordExecution` sends (POST /executions). */
export type Execution = Schemas['RecordExecutionDto'];

export type RecordedExecution = Schemas['ExecutionResponse'];

export type AuditRecord = Schemas['AuditRecord'];

export type SyncItem = Schemas['SyncItemResponse'];

export type SyncJob = Schemas['SyncJobResponse'];

/** The catalog service (port 8002); the same calls as sim2l's Python CatalogClient, and more. */
export class CatalogClient extends SessionClient {
  /** The typed routes of the catalog's document. */
  private readonly catalog = typedClient<paths>(this.http);

  /** True when registered, false when that name and version already exist (sim2l's client does the same). */
  async registerSimulation(simulation: NewSimulation): Promise<boolean> {
    try {
      await this.register(simulation);
      return true;
    } catch (error) {
      if (error instanceof SimvaultError && error.status === 409) return false;
      throw error;
    }
  }

  register(simulation: NewSimulation): Promise<Schemas['RegisteredSimulationResponse']> {
    return answer(this.catalog.POST('/simulations', { body: simulation }), 'POST');
  }

  /** One page of matches, ranked, and the number of matches. */
  async search(options: SearchOptions = {}): Promise<{ items: Simulation[]; total: number }> {
    const { tags, status, ...rest } = options;
    const query: Query = {
      ...rest,
      tags: tags?.join(','),
      status: Array.isArray(status) ? status.join(',') : status,
    };
    // The answer is a bare array (what sim2l reads); the total is in a header, which
    // HttpClient.request does not expose, so this one request is made here.
    const url = new URL(`${this.http.baseUrl}/simulations/search`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const res = await fetch(url, {
      headers: {
        accept: 'application/json',
        ...(this.http.token ? { authorization: `Bearer ${this.http.token}` } : {}),
      },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const body =
      (res.headers.get('content-type') ?? '').includes('application/json') && text ? JSON.parse(text) : text;
    if (!res.ok) throw new SimvaultError(res.status, body, 'GET', url.pathname);
    const items = body as Simulation[];
    return { items, total: Number(res.headers.get('x-total-count') ?? items.length) };
  }

  /** The given version, or the latest in version order; null when there is none. */
  async getSimulation(name: string, version?: string): Promise<Simulation | null> {
    try {
      return await answer(
        this.catalog.GET('/simulations/{name}', { params: { path: { name }, query: { version } } }),
        'GET',
      );
    } catch (error) {
      if (error instanceof SimvaultError && error.status === 404) return null;
      throw error;
    }
  }

  listVersions(name: string): Promise<Schemas['SimulationVersionsResponse']> {
    return answer(this.catalog.GET('/simulations/{name}/versions', { params: { path: { name } } }), 'GET');
  }

  update(id: number, change: Schemas['UpdateSimulationDto']): Promise<Schemas['UpdatedSimulationResponse']> {
    return answer(
      this.catalog.PATCH('/simulations/{id}', { params: { path: { id } }, body: change }),
      'PATCH',
    );
  }

  delete(id: number): Promise<Schemas['DeletedSimulationResponse']> {
    return answer(this.catalog.DELETE('/simulations/{id}', { params: { path: { id } } }), 'DELETE');
  }

  recordExecution(execution: Execution): Promise<Schemas['RecordedExecutionResponse']> {
    return answer(this.catalog.POST('/executions', { body: execution }), 'POST');
  }

  getExecution(executionId: string): Promise<RecordedExecution> {
    return answer(
      this.catalog.GET('/executions/{executionId}', { params: { path: { executionId } } }),
      'GET',
    );
  }

  listExecutions(
    query: QueryOf<operations['ExecutionsController_list']> = {},
  ): Promise<Schemas['ExecutionPage']> {
    return answer(this.catalog.GET('/executions', { params: { query } }), 'GET');
  }

  getStats(simulationId: number): Promise<SimulationStats> {
    return answer(
      this.catalog.GET('/simulations/{id}/stats', { params: { path: { id: simulationId } } }),
      'GET',
    );
  }

  overview(): Promise<CatalogOverview> {
    return answer(this.catalog.GET('/statistics/overview'), 'GET');
  }

  audit(query: QueryOf<operations['AuditController_list']> = {}): Promise<Schemas['AuditRecordPage']> {
    return answer(this.catalog.GET('/audit', { params: { query } }), 'GET');
  }

  /**
   * What sim2l's CatalogClient does when it starts; simulations listed here are synced on the queue.
   * The service keeps the report's other fields too (sim2l sends its own), which the document,
   * built from the DTO's declared fields, cannot say: hence the index signature.
   */
  reportInstallation(
    report: Schemas['InstallationReportDto'] & Record<string, unknown>,
  ): Promise<Schemas['InstallationReportResponse']> {
    return answer(this.catalog.POST('/installations', { body: report }), 'POST');
  }

  autoSync(simulations: NewSimulation[], installationId?: string): Promise<Schemas['AutoSyncResponse']> {
    return answer(
      this.catalog.POST('/sync/auto', { body: { installation_id: installationId, simulations } }),
      'POST',
    );
  }

  syncJob(jobId: string): Promise<SyncJob> {
    return answer(this.catalog.GET('/sync/jobs/{id}', { params: { path: { id: jobId } } }), 'GET');
  }

  listPending(query: QueryOf<operations['SyncController_list']> = {}): Promise<Schemas['SyncItemPage']> {
    return answer(this.catalog.GET('/sync/pending', { params: { query } }), 'GET');
  }

  approve(syncId: number): Promise<Schemas['SyncApprovedResponse']> {
    return answer(this.catalog.POST('/sync/{id}/approve', { params: { path: { id: syncId } } }), 'POST');
  }

  reject(syncId: number, reason?: string): Promise<Schemas['SyncRejectedResponse']> {
    return answer(
      this.catalog.POST('/sync/{id}/reject', { params: { path: { id: syncId } }, body: { reason } }),
      'POST',
    );
  }
}
