import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AUTH_DB } from '@simvault/auth';
import { InjectDataSource } from '@simvault/db';
import { SessionEntity } from '@simvault/entities';
import { DataSource, LessThan } from 'typeorm';

const HOUR = 3_600_000;
/** Expired and revoked rows stay a week, so an admin can still see what happened. */
const KEEP_MS = 7 * 24 * HOUR;

/** Deletes long-dead session rows hourly so the table does not grow without end. */
@Injectable()
export class SessionPurgeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource(AUTH_DB) private readonly dataSource: DataSource) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.purge().catch(() => undefined), HOUR);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async purge(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - KEEP_MS);
    const repo = this.dataSource.getRepository(SessionEntity);
    const expired = await repo.delete({ expiresAt: LessThan(before) });
    const revoked = await repo.delete({ revokedAt: LessThan(before) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }
}
