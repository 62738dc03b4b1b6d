import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { type Page, type PageQueryDto } from '@simvault/core';
import { InjectDataSource } from '@simvault/db';
import { AuditEntryEntity } from '@simvault/entities';
import type { DataSource, Repository } from 'typeorm';
import { AUTH_DB } from '../tokens';
import type { Actor } from './ownership';

export interface AuditAct {
  caller: Actor;
  /** The app that acts: `results`, `cache`, `files`, `auth`. */
  service: string;
  /** `result.delete`, `cache.replace`, … (docs/api.md lists them). */
  action: string;
  /** An execution id, a cache key, a file id, or a filter as JSON. */
  target: string;
  /** Whose it was, when one owner is known (an owner id). */
  targetOwnerId?: string | null;
  reason?: string | null;
  at: Date;
}

/** One act on someone else's work, as `GET /audit` lists it. */
export class AuditEntryResponse {
  @ApiProperty() id: number;
  @ApiProperty() created_at: string;
  @ApiProperty({ description: 'Who acted (a username).' }) actor: string;
  @ApiProperty({ type: String, nullable: true }) actor_id: string | null;
  @ApiProperty({ example: 'results' }) service: string;
  @ApiProperty({ example: 'results.delete' }) action: string;
  @ApiProperty({ description: 'An execution id, a cache key, a file id, or a filter as JSON.' })
  target: string;
  @ApiProperty({ type: String, nullable: true }) target_owner_id: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

/**
 * The platform's audit log, in the auth database that every app shares: one log an admin lists
 * (`GET /audit` on the auth service) for acts done in any app. One insert per act on someone
 * else's work; acts on one's own are not logged.
 */
@Injectable()
export class AuditLog {
  private readonly entries: Repository<AuditEntryEntity>;

  constructor(@InjectDataSource(AUTH_DB) dataSource: DataSource) {
    this.entries = dataSource.getRepository(AuditEntryEntity);
  }

  async record(act: AuditAct): Promise<void> {
    await this.entries.insert({
      createdAt: act.at,
      actorId: act.caller.userId,
      actor: act.caller.username.slice(0, 64),
      service: act.service,
      action: act.action,
      target: act.target,
      targetOwnerId: act.targetOwnerId ?? null,
      reason: act.reason ?? null,
    });
  }

  async list(query: PageQueryDto): Promise<Page<AuditEntryResponse>> {
    const [rows, total] = await this.entries.findAndCount({
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        created_at: r.createdAt.toISOString(),
        actor: r.actor,
        actor_id: r.actorId,
        service: r.service,
        action: r.action,
        target: r.target,
        target_owner_id: r.targetOwnerId,
        reason: r.reason,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
