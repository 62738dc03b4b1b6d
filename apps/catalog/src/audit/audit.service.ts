import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type Page } from '@simvault/core';
import { SimulationAuditEntity, type AuditAction } from '@simvault/entities';
import type { EntityManager } from 'typeorm';
import { CatalogDatabase } from '../database/catalog-database';
import type { AuditQueryDto, AuditRecord } from './audit.dto';

export type { AuditRecord } from './audit.dto';

/** The audit log: written in the transaction of the change it describes, so neither exists without the other. */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: CatalogDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    manager: EntityManager,
    entry: {
      simulationId: number;
      name: string;
      version: string;
      action: AuditAction;
      username: string;
      changes: Record<string, unknown>;
    },
  ): Promise<void> {
    const { changes, ...rest } = entry;
    await manager.insert(SimulationAuditEntity, {
      ...rest,
      createdAt: this.clock.now(),
      changes: JSON.stringify(changes),
    });
  }

  async list(query: AuditQueryDto): Promise<Page<AuditRecord>> {
    const where: Record<string, unknown> = {};
    if (query.simulation_id !== undefined) where.simulationId = query.simulation_id;
    if (query.name !== undefined) where.name = query.name;
    if (query.action !== undefined) where.action = query.action;
    if (query.username !== undefined) where.username = query.username;
    const [rows, total] = await this.db.dataSource.getRepository(SimulationAuditEntity).findAndCount({
      where,
      order: { id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        simulation_id: r.simulationId,
        name: r.name,
        version: r.version,
        action: r.action,
        username: r.username,
        created_at: r.createdAt.toISOString(),
        changes: JSON.parse(r.changes) as Record<string, unknown>,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
