import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { type Page, type PageQueryDto } from '@simvault/core';
import { type DatabaseGateway, InjectDataSource, type Statements } from '@simvault/db';
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

/** The columns of the audit log and of an app's outbox (`audit_outbox`, the same columns). */
const COLUMNS = 'created_at, actor_id, actor, service, action, target, target_owner_id, reason';

interface OutboxRow {
  id: number;
  created_at: unknown;
  actor_id: string | null;
  actor: string;
  service: string;
  action: string;
  target: string;
  target_owner_id: string | null;
  reason: string | null;
}

/** Outbox rows moved to the audit log per statement. */
const FORWARD_BATCH = 200;

/**
 * The platform's audit log, in the auth database that every app shares: one log an admin lists
 * (`GET /audit` on the auth service) for acts done in any app. One insert per act on someone
 * else's work; acts on one's own are not logged.
 *
 * An act that is part of a change in another database (a cache entry replaced) cannot be written
 * in that change's transaction, since the audit log is elsewhere: `recordIn` writes it to the
 * acting database's `audit_outbox` in the same transaction (so it is stored if and only if the
 * change commits), and `forward` moves it to the audit log after the commit. An act whose forward
 * did not happen (a crash, the auth database away) is moved by `forwardLeftovers` later: at least
 * once, never lost.
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

  /**
   * Writes acts to the outbox of the database `tx` is a transaction of (its migrations create
   * `audit_outbox`), in that transaction; answers their outbox ids, for `forward` after the commit.
   */
  async recordIn(tx: Statements, acts: AuditAct[]): Promise<number[]> {
    if (acts.length === 0) return [];
    const rows = await tx.query<{ id: number }>(
      `INSERT INTO audit_outbox (${COLUMNS}) VALUES ${acts.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id`,
      acts.flatMap((act) => [
        act.at,
        act.caller.userId,
        act.caller.username.slice(0, 64),
        act.service,
        act.action,
        act.target,
        act.targetOwnerId ?? null,
        act.reason ?? null,
      ]),
    );
    return rows.map((r) => Number(r.id));
  }

  /**
   * Moves the named outbox rows of `db` to the audit log (right after the commit that wrote them).
   * Inserted first, deleted after, so a failure in between repeats an act rather than losing it.
   * Answers how many moved.
   */
  async forward(db: DatabaseGateway, ids: number[]): Promise<number> {
    let moved = 0;
    for (let i = 0; i < ids.length; i += FORWARD_BATCH) {
      const some = ids.slice(i, i + FORWARD_BATCH);
      const rows = await db.query<OutboxRow>(
        `SELECT id, ${COLUMNS} FROM audit_outbox WHERE id IN (${some.map(() => '?').join(', ')}) ORDER BY id`,
        some,
      );
      moved += await this.move(db, rows);
    }
    return moved;
  }

  /** Moves the outbox rows written before `before` (those whose own forward did not happen). */
  async forwardLeftovers(db: DatabaseGateway, before: Date): Promise<number> {
    let moved = 0;
    for (;;) {
      const rows = await db.query<OutboxRow>(
        `SELECT id, ${COLUMNS} FROM audit_outbox WHERE created_at < ? ORDER BY id LIMIT ${FORWARD_BATCH}`,
        [before],
      );
      moved += await this.move(db, rows);
      if (rows.length < FORWARD_BATCH) return moved;
    }
  }

  private async move(db: DatabaseGateway, rows: OutboxRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    await this.entries.insert(
      rows.map((r) => ({
        createdAt: db.readDate(r.created_at)!,
        actorId: r.actor_id,
        actor: r.actor,
        service: r.service,
        action: r.action,
        target: r.target,
        targetOwnerId: r.target_owner_id,
        reason: r.reason,
      })),
    );
    await db.execute(
      `DELETE FROM audit_outbox WHERE id IN (${rows.map(() => '?').join(', ')})`,
      rows.map((r) => r.id),
    );
    return rows.length;
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
