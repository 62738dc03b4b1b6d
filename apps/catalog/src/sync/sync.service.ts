import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { maySee, ownerIdOf, type Principal } from '@simvault/auth';
import {
  ApiError,
  badRequest,
  CLOCK,
  conflict,
  notFound,
  SIMVAULT_CONFIG,
  type Clock,
  type Page,
  type SimvaultConfig,
} from '@simvault/core';
import {
  InstallationEntity,
  SimulationEntity,
  SyncItemEntity,
  type SyncItemStatus,
} from '@simvault/entities';
import { QueueService } from '@simvault/queue';
import type { EntityManager } from 'typeorm';
import { CatalogDatabase } from '../database/catalog-database';
import type { RegisterSimulationDto } from '../simulations/dto/simulation.dto';
import { prepareRegistration, type NewSimulation } from '../simulations/simulation-input';
import { SimulationsService } from '../simulations/simulations.service';
import { SYNC_QUEUE } from '../tokens';
import type {
  AutoSyncDto,
  AutoSyncResponse,
  InstallationReportDto,
  InstallationReportResponse,
  QueuedSyncResponse,
  SyncApprovedResponse,
  SyncItemResponse,
  SyncItemsQuery,
  SyncJobResponse,
  SyncRejectedResponse,
  SyncResultResponse,
} from './sync.dto';

/** What a sync job carries: checked registrations, and whether the reporter may register them. */
export interface SyncJob {
  installation_id: string | null;
  submitted_by: string;
  /** Whose job it is (who may see it, with an admin): the reporter's owner id. */
  owner_id: string;
  can_register: boolean;
  items: { simulation: NewSimulation; auto_approve: boolean }[];
}

/** What a completed sync job did (its wire shape). */
export type SyncResult = SyncResultResponse;

const mayRegister = (caller: Principal) =>
  caller.privileges.includes('catalog_update') || caller.privileges.includes('admin');

/**
 * Auto-sync. An installation reports the tools it has; the report is checked at once (a bad one
 * is a 400) and processed on the queue: a tool the catalog lacks is registered when the reporter
 * holds catalog_update, and otherwise waits in `sync_items` for an admin to approve or reject.
 */
@Injectable()
export class SyncService implements OnApplicationBootstrap {
  constructor(
    private readonly db: CatalogDatabase,
    private readonly simulations: SimulationsService,
    private readonly queue: QueueService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
  ) {}

  onApplicationBootstrap() {
    this.queue.process<SyncJob, SyncResult>(SYNC_QUEUE, (job) => this.process(job));
  }

  /** Every reported tool checked as a registration would be; one 400 names every bad one. */
  private check(items: RegisterSimulationDto[], installationId: string | null): SyncJob['items'] {
    const problems: string[] = [];
    const checked: SyncJob['items'] = [];
    items.forEach((dto, i) => {
      try {
        const simulation = prepareRegistration(dto, this.config.catalog.bundleMaxBytes);
        simulation.installation_id ??= installationId;
        checked.push({ simulation, auto_approve: dto.auto_approve ?? true });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const body = error.getResponse() as { error: string };
        problems.push(`simulations[${i}]: ${body.error}`);
      }
    });
    if (problems.length) throw badRequest(`Invalid report: ${problems.join(' ')}`, { problems });
    return checked;
  }

  private async enqueue(
    items: SyncJob['items'],
    installationId: string | null,
    caller: Principal,
  ): Promise<QueuedSyncResponse> {
    const job: SyncJob = {
      installation_id: installationId,
      submitted_by: caller.username,
      owner_id: ownerIdOf(caller),
      can_register: mayRegister(caller),
      items,
    };
    const id = await this.queue.add(SYNC_QUEUE, 'sync', job);
    return { job_id: id, items: items.length };
  }

  async report(
    dto: InstallationReportDto,
    body: unknown,
    caller: Principal,
  ): Promise<InstallationReportResponse> {
    const id = dto.installation_id ?? randomUUID();
    const items = this.check(dto.simulations ?? [], id);
    const known = new Set(['installation_id', 'hostname', 'platform', 'simulations']);
    const details = Object.fromEntries(
      Object.entries(typeof body === 'object' && body !== null ? body : {}).filter(([k]) => !known.has(k)),
    );
    const now = this.clock.now();
    const status = await this.db.transaction(async ({ manager }) => {
      const existing = await manager.findOneBy(InstallationEntity, { id });
      const row = {
        hostname: dto.hostname ?? existing?.hostname ?? null,
        platform: dto.platform ?? existing?.platform ?? null,
        details: Object.keys(details).length ? JSON.stringify(details) : (existing?.details ?? null),
        reportedBy: caller.username,
        lastSeenAt: now,
        simulationCount: dto.simulations ? dto.simulations.length : (existing?.simulationCount ?? 0),
      };
      if (existing) await manager.update(InstallationEntity, { id }, row);
      else await manager.insert(InstallationEntity, { id, firstSeenAt: now, ...row });
      return existing ? 'updated' : 'registered';
    });
    const sync = items.length ? await this.enqueue(items, id, caller) : null;
    return { installation_id: id, status, sync };
  }

  async auto(dto: AutoSyncDto, caller: Principal): Promise<AutoSyncResponse> {
    const installationId = dto.installation_id ?? null;
    const items = this.check(dto.simulations, installationId);
    return { status: 'queued' as const, ...(await this.enqueue(items, installationId, caller)) };
  }

  /** The queue processor: each reported tool registered, put before an admin, or found already there. */
  async process(job: SyncJob): Promise<SyncResult> {
    const result: SyncResult = { registered: [], queued: [], existing: [] };
    const repository = this.db.dataSource.getRepository(SimulationEntity);
    for (const { simulation, auto_approve } of job.items) {
      const { name, version } = simulation;
      const found = await repository.findOne({ select: { id: true }, where: { name, version } });
      if (found) {
        result.existing.push({ name, version, id: found.id });
        continue;
      }
      if (job.can_register && auto_approve) {
        try {
          const id = await this.simulations.insert(simulation, job.submitted_by, job.submitted_by, {
            via: 'sync',
            installation_id: job.installation_id,
          });
          result.registered.push({ name, version, id });
        } catch (error) {
          if (!(error instanceof ApiError && error.getStatus() === 409)) throw error;
          const twin = await repository.findOne({ select: { id: true }, where: { name, version } });
          result.existing.push({ name, version, id: twin?.id ?? 0 });
        }
        continue;
      }
      const syncId = await this.db.transaction(async ({ manager }) => {
        const now = this.clock.now();
        // A tool reported again while it waits replaces its earlier report rather than queueing twice.
        const waiting = await manager.findOneBy(SyncItemEntity, { name, version, status: 'pending' });
        const row = {
          installationId: job.installation_id,
          payload: JSON.stringify(simulation),
          submittedBy: job.submitted_by,
          submittedAt: now,
        };
        if (waiting) {
          await manager.update(SyncItemEntity, { id: waiting.id }, row);
          return waiting.id;
        }
        const inserted = await manager.insert(SyncItemEntity, { name, version, status: 'pending', ...row });
        return Number(inserted.identifiers[0].id);
      });
      result.queued.push({ name, version, sync_id: syncId });
    }
    return result;
  }

  /** A sync job, to its owner or an admin; to anyone else it does not exist. */
  async job(id: string, caller: Principal): Promise<SyncJobResponse> {
    const status = await this.queue.status(SYNC_QUEUE, id);
    if (!status || !maySee(caller, status.ownerId)) throw notFound(`No sync job ${id} of yours.`);
    const { ownerId: _ownerId, ...shown } = status;
    return shown;
  }

  async list(query: SyncItemsQuery): Promise<Page<SyncItemResponse>> {
    const status = query.status ?? 'pending';
    const [rows, total] = await this.db.dataSource.getRepository(SyncItemEntity).findAndCount({
      where: status === 'all' ? {} : { status },
      order: { id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items: rows.map((r) => this.itemResponse(r)), total, limit: query.limit, offset: query.offset };
  }

  async approve(id: number, caller: Principal): Promise<SyncApprovedResponse> {
    const item = await this.pending(id);
    const simulation = JSON.parse(item.payload) as NewSimulation;
    const simulationId = await this.simulations.insert(
      simulation,
      item.submittedBy,
      caller.username,
      { via: 'sync', sync_id: id, submitted_by: item.submittedBy, approved_by: caller.username },
      (manager, newId) => this.decide(manager, id, 'approved', caller, null, newId),
    );
    return { status: 'approved' as const, sync_id: id, simulation_id: simulationId };
  }

  async reject(id: number, reason: string | undefined, caller: Principal): Promise<SyncRejectedResponse> {
    await this.pending(id);
    await this.db.transaction(({ manager }) =>
      this.decide(manager, id, 'rejected', caller, reason ?? null, null),
    );
    return { status: 'rejected' as const, sync_id: id };
  }

  private async pending(id: number): Promise<SyncItemEntity> {
    const item = await this.db.dataSource.getRepository(SyncItemEntity).findOneBy({ id });
    if (!item) throw notFound(`No sync item ${id}.`);
    if (item.status !== 'pending') throw conflict(`Sync item ${id} is already ${item.status}.`);
    return item;
  }

  /** Marks a pending item decided; a second admin deciding the same item at once gets a 409. */
  private async decide(
    manager: EntityManager,
    id: number,
    status: SyncItemStatus,
    caller: Principal,
    reason: string | null,
    simulationId: number | null,
  ) {
    const result = await manager.update(
      SyncItemEntity,
      { id, status: 'pending' },
      { status, decidedBy: caller.username, decidedAt: this.clock.now(), reason, simulationId },
    );
    if (!result.affected) throw conflict(`Sync item ${id} was decided by someone else meanwhile.`);
  }

  private itemResponse(r: SyncItemEntity): SyncItemResponse {
    const payload = JSON.parse(r.payload) as NewSimulation;
    return {
      id: r.id,
      installation_id: r.installationId,
      name: r.name,
      version: r.version,
      status: r.status,
      description: payload.description,
      tags: payload.tags,
      workflow_hash: payload.workflow_hash,
      submitted_by: r.submittedBy,
      submitted_at: r.submittedAt.toISOString(),
      decided_by: r.decidedBy,
      decided_at: r.decidedAt?.toISOString() ?? null,
      reason: r.reason,
      simulation_id: r.simulationId,
    };
  }
}
