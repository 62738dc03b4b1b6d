import type {
  DeletedSimulationResponse,
  RegisteredSimulationResponse,
  SimulationVersionsResponse,
  UpdatedSimulationResponse,
} from './dto/simulation-response.dto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@simvault/auth';
import {
  badRequest,
  CLOCK,
  conflict,
  notFound,
  SIMVAULT_CONFIG,
  type Clock,
  type SimvaultConfig,
  stringifyJson,
} from '@simvault/core';
import { SimulationEntity, SimulationTagEntity } from '@simvault/entities';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CatalogDatabase, isUniqueViolation } from '../database/catalog-database';
import type { RegisterSimulationDto, UpdateSimulationDto } from './dto/simulation.dto';
import { UPDATABLE_KEYS } from './dto/simulation.dto';
import type { SearchQueryDto } from './dto/search.dto';
import { parseQuery } from './search-query';
import { prepareRegistration, prepareUpdate, type NewSimulation } from './simulation-input';
import { simulationResponse, type SimulationResponse } from './simulation.response';
import { SimulationsRepository, type Viewer } from './simulations.repository';
import { versionKey } from './version-order';
import type { WorkflowBundle } from './workflow-bundle';

export const viewerOf = (caller: Principal): Viewer => ({
  username: caller.username,
  admin: caller.privileges.includes('admin'),
});

/** A bundle in the audit log: which files, not their content. */
function bundleSummary(bundle: WorkflowBundle | null) {
  return bundle
    ? {
        entrypoint: bundle.entrypoint,
        files: bundle.files.map((f) => ({ path: f.path, size_bytes: f.size_bytes, sha256: f.sha256 })),
      }
    : null;
}

const columnValue: Record<string, (v: unknown) => unknown> = {
  tags: (v) => stringifyJson(v),
  input_schema: (v) => stringifyJson(v),
  output_schema: (v) => stringifyJson(v),
  workflow_bundle: (v) => (v === null ? null : stringifyJson(v)),
  dependencies: (v) => (v === null ? null : stringifyJson(v)),
  metadata: (v) => (v === null ? null : stringifyJson(v)),
};

const PROPERTY: Record<string, keyof SimulationEntity> = {
  description: 'description',
  author: 'author',
  author_email: 'authorEmail',
  organization: 'organization',
  license: 'license',
  repository_url: 'repositoryUrl',
  documentation_url: 'documentationUrl',
  tags: 'tags',
  input_schema: 'inputSchema',
  output_schema: 'outputSchema',
  workflow_type: 'workflowType',
  workflow_hash: 'workflowHash',
  workflow_bundle: 'workflowBundle',
  bundle_bytes: 'bundleBytes',
  dependencies: 'dependencies',
  status: 'status',
  visibility: 'visibility',
  metadata: 'metadata',
};

/** The entity columns of (part of) a checked registration: JSON fields as text. */
function columnsOf(simulation: Partial<NewSimulation>): Partial<SimulationEntity> {
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(simulation)) {
    if (key in PROPERTY) columns[PROPERTY[key]] = columnValue[key] ? columnValue[key](value) : value;
  }
  return columns as Partial<SimulationEntity>;
}

@Injectable()
export class SimulationsService {
  constructor(
    private readonly repository: SimulationsRepository,
    private readonly db: CatalogDatabase,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIMVAULT_CONFIG) private readonly config: SimvaultConfig,
  ) {}

  async register(dto: RegisterSimulationDto, caller: Principal): Promise<RegisteredSimulationResponse> {
    const simulation = prepareRegistration(dto, this.config.catalog.bundleMaxBytes);
    const id = await this.insert(simulation, caller.username, caller.username);
    return {
      id,
      status: 'registered',
      name: simulation.name,
      version: simulation.version,
      workflow_hash: simulation.workflow_hash,
    };
  }

  /**
   * Stores a checked registration with its tags and its audit row, in one transaction. 409 when
   * the name and version are taken (checked first, and by the unique index for a concurrent twin).
   */
  async insert(
    simulation: NewSimulation,
    createdBy: string,
    auditedAs: string,
    note: Record<string, unknown> = {},
    /** More work for the same transaction (an approval marks its sync item). */
    within?: (manager: EntityManager, id: number) => Promise<void>,
  ): Promise<number> {
    const taken = () =>
      conflict(
        `${simulation.name} ${simulation.version} is already registered; register a new version instead.`,
      );
    try {
      return await this.db.transaction(async ({ manager }) => {
        const existing = await manager.findOne(SimulationEntity, {
          select: { id: true },
          where: { name: simulation.name, version: simulation.version },
        });
        if (existing) throw taken();
        const now = this.clock.now();
        const inserted = await manager.insert(SimulationEntity, {
          ...columnsOf(simulation),
          name: simulation.name,
          version: simulation.version,
          versionKey: versionKey(simulation.version),
          installationId: simulation.installation_id,
          createdBy,
          createdAt: now,
          updatedAt: now,
        });
        const id = Number(inserted.identifiers[0].id);
        await this.replaceTags(manager, id, simulation.tags);
        const { workflow_bundle, name, version, ...fields } = simulation;
        await this.audit.record(manager, {
          simulationId: id,
          name,
          version,
          action: 'registered',
          username: auditedAs,
          changes: {
            ...fields,
            workflow_bundle: bundleSummary(workflow_bundle),
            created_by: createdBy,
            ...note,
          },
        });
        if (within) await within(manager, id);
        return id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  }

  private async replaceTags(manager: EntityManager, id: number, tags: string[]) {
    await manager.delete(SimulationTagEntity, { simulationId: id });
    const lower = [...new Set(tags.map((t) => t.toLowerCase()))];
    if (lower.length)
      await manager.insert(
        SimulationTagEntity,
        lower.map((tag) => ({ simulationId: id, tag })),
      );
  }

  async search(
    query: SearchQueryDto,
    caller: Principal,
  ): Promise<{ items: SimulationResponse[]; total: number }> {
    const raw = (query.query ?? query.q ?? '').trim();
    const text = parseQuery(raw);
    if (text.include.length === 0 && text.exclude.length > 0)
      throw badRequest('A search needs at least one word to look for besides the excluded ones.');
    const tags = [
      ...new Set(
        [...(query.tags ?? '').split(','), ...text.tags].map((t) => t.trim().toLowerCase()).filter(Boolean),
      ),
    ];
    const statuses = query.status ?? ['active'];
    const { rows, total } = await this.repository.search(
      {
        text,
        exactName: raw ? raw.toLowerCase() : null,
        statuses: statuses.includes('all') ? null : statuses,
        tags,
        // `tag:` terms narrow a search, so with them every tag must match.
        tagMode: text.tags.length ? 'all' : (query.tag_mode ?? 'any'),
        limit: query.limit,
        offset: query.offset,
      },
      viewerOf(caller),
    );
    return { items: rows.map((r) => simulationResponse(r, this.db)), total };
  }

  async get(name: string, version: string | undefined, caller: Principal): Promise<SimulationResponse> {
    const row = await this.repository.findByName(name, version, viewerOf(caller));
    if (!row) {
      if (version === undefined) throw notFound(`No simulation named "${name}".`);
      throw notFound(`No version ${version} of simulation "${name}".`);
    }
    return simulationResponse(row, this.db);
  }

  async versions(name: string, caller: Principal): Promise<SimulationVersionsResponse> {
    const rows = await this.repository.versions(name, viewerOf(caller));
    if (!rows.length) throw notFound(`No simulation named "${name}".`);
    const versions = rows.map((r) => simulationResponse(r, this.db));
    return { name, latest: versions[0].version, count: versions.length, versions };
  }

  async update(
    id: number,
    dto: UpdateSimulationDto,
    body: unknown,
    caller: Principal,
  ): Promise<UpdatedSimulationResponse> {
    const sent = typeof body === 'object' && body !== null ? Object.keys(body) : [];
    const ignored = sent.filter((k) => !(UPDATABLE_KEYS as readonly string[]).includes(k));
    const result = await this.db.transaction(async ({ manager, query }) => {
      const rows = await query(`SELECT * FROM simulations WHERE id = ?${this.db.pg ? ' FOR UPDATE' : ''}`, [
        id,
      ]);
      if (!rows.length) throw notFound(`No simulation with id ${id}.`);
      const row = rows[0];
      const current = simulationResponse(row, this.db) as unknown as Record<string, unknown>;
      const change = prepareUpdate(
        dto,
        { workflow_bundle: current.workflow_bundle as WorkflowBundle | null },
        this.config.catalog.bundleMaxBytes,
      ) as Record<string, unknown>;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const changed: Partial<NewSimulation> = {};
      for (const [key, value] of Object.entries(change)) {
        const before = key === 'bundle_bytes' ? current.bundle_size_bytes : current[key];
        if (JSON.stringify(before ?? null) === JSON.stringify(value ?? null)) continue;
        (changed as Record<string, unknown>)[key] = value;
        if (key === 'workflow_bundle')
          changes[key] = {
            from: bundleSummary(before as WorkflowBundle | null),
            to: bundleSummary(value as WorkflowBundle | null),
          };
        else if (key !== 'bundle_bytes') changes[key] = { from: before ?? null, to: value ?? null };
      }
      if (!Object.keys(changed).length) return { changed: [] as string[] };
      await manager.update(SimulationEntity, { id }, { ...columnsOf(changed), updatedAt: this.clock.now() });
      if ('tags' in changes) await this.replaceTags(manager, id, change.tags as string[]);
      await this.audit.record(manager, {
        simulationId: id,
        name: row.name as string,
        version: row.version as string,
        action: 'updated',
        username: caller.username,
        changes,
      });
      return { changed: Object.keys(changes) };
    });
    return {
      status: 'updated' as const,
      id,
      ...result,
      ...(ignored.length ? { ignored_keys: ignored } : {}),
    };
  }

  async remove(id: number, caller: Principal): Promise<DeletedSimulationResponse> {
    return this.db.transaction(async ({ manager, query }) => {
      const rows = await query(`SELECT * FROM simulations WHERE id = ?${this.db.pg ? ' FOR UPDATE' : ''}`, [
        id,
      ]);
      if (!rows.length) throw notFound(`No simulation with id ${id}.`);
      const counted = await query<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM executions WHERE simulation_id = ?',
        [id],
      );
      await manager.delete(SimulationEntity, { id });
      const {
        id: _id,
        name,
        version,
        ...fields
      } = simulationResponse(rows[0], this.db) as SimulationResponse & {
        workflow_bundle?: WorkflowBundle | null;
      };
      await this.audit.record(manager, {
        simulationId: id,
        name,
        version,
        action: 'deleted',
        username: caller.username,
        changes: { ...fields, workflow_bundle: bundleSummary(fields.workflow_bundle ?? null) },
      });
      return { status: 'deleted' as const, id, name, version, deleted_executions: Number(counted[0].n) };
    });
  }
}
