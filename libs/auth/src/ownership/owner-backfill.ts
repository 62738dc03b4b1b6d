import { Injectable } from '@nestjs/common';
import { gatewayOf, InjectDataSource } from '@simvault/db';
import { UserEntity } from '@simvault/entities';
import { In, type DataSource } from 'typeorm';
import { AUTH_DB } from '../tokens';

/**
 * Owner ids for rows that only stored a username (before ownership was kept by user id). A name
 * maps to the account that holds it now only when that account already existed when the row was
 * made: a new account reusing a deleted account's name was made later and inherits nothing.
 * `anonymous` never maps to an account.
 */
@Injectable()
export class OwnerBackfill {
  constructor(@InjectDataSource(AUTH_DB) private readonly auth: DataSource) {}

  /** The accounts of these names, with when each was made (rows older than that are not theirs). */
  async accounts(names: string[]): Promise<{ username: string; id: string; createdAt: Date }[]> {
    const usernames = [...new Set(names)].filter((u) => u !== 'anonymous');
    if (usernames.length === 0) return [];
    const users = await this.auth.getRepository(UserEntity).find({
      select: { id: true, username: true, createdAt: true },
      where: { username: In(usernames) },
    });
    return users.map((u) => ({ username: u.username, id: u.id, createdAt: u.createdAt }));
  }

  /**
   * Sets `owner_id` on an app's rows that have none, from their stored username, for rows made
   * after the account (see above). Run at start-up; rows it cannot place stay without an owner
   * (changing them needs the privilege that names them). One read and one update per account.
   */
  async run(app: DataSource, table: string, usernameColumn: string, createdColumn: string): Promise<number> {
    const db = gatewayOf(app);
    const rows = await db.query<{ username: string }>(
      `SELECT DISTINCT ${usernameColumn} AS username FROM ${table}
       WHERE owner_id IS NULL AND ${usernameColumn} IS NOT NULL`,
    );
    if (rows.length === 0) return 0;
    let placed = 0;
    for (const account of await this.accounts(rows.map((r) => r.username)))
      placed += await db.execute(
        `UPDATE ${table} SET owner_id = ?
         WHERE owner_id IS NULL AND ${usernameColumn} = ? AND ${createdColumn} >= ?`,
        [account.id, account.username, account.createdAt],
      );
    return placed;
  }
}
