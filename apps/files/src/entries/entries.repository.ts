import { Injectable } from '@nestjs/common';
import { FilesDb, type Row, type Tx } from '../db/files-db';

export interface Entry {
  id: string;
  /** Null for the root row only; top-level entries have ROOT_FOLDER_ID. */
  parentId: string | null;
  name: string;
  isFolder: boolean;
  size: number;
  /** A folder's number of entries. */
  childCount: number;
  uri: string | null;
  checksum: string | null;
  contentType: string | null;
  /** The name shown as the creator (sim2l's field). */
  creator: string;
  /** Whose it is, by id (see ownerIdOf in @simvault/auth); null for rows no account was found for. */
  ownerId: string | null;
  metadata: Record<string, unknown> | null;
  dateCreated: Date;
  dateModified: Date;
}

export type SortKey = 'name' | 'date_created' | 'date_modified' | 'size';
export type SortOrder = 'asc' | 'desc';

/** Where a page starts after the previous one (keyset pagination): the last row's sort value and id. */
export interface Cursor {
  value: string | number;
  id: string;
}

export interface ListQuery {
  parentId?: string;
  tag?: string;
  sort: SortKey;
  order: SortOrder;
  limit: number;
  offset: number;
  after?: Cursor;
}

const COLUMNS =
  'id, parent_id, name, is_folder, size, child_count, uri, checksum, content_type, creator, metadata, date_created, date_modified, owner_id';

/** The folders and files table; every statement runs on the FilesDb or on a transaction of it. */
@Injectable()
export class EntriesRepository {
  constructor(readonly db: FilesDb) {}

  async find(tx: Tx, id: string): Promise<Entry | null> {
    const rows = await tx.query(`SELECT ${COLUMNS} FROM file_entries WHERE id = ?`, [id]);
    return rows.length ? this.hydrate(rows[0]) : null;
  }

  async findMany(tx: Tx, ids: string[]): Promise<Entry[]> {
    if (ids.length === 0) return [];
    const rows = await tx.query(
      `SELECT ${COLUMNS} FROM file_entries WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return rows.map((r) => this.hydrate(r));
  }

  async findByName(tx: Tx, parentId: string, name: string): Promise<Entry | null> {
    const rows = await tx.query(`SELECT ${COLUMNS} FROM file_entries WHERE parent_id = ? AND name = ?`, [
      parentId,
      name,
    ]);
    return rows.length ? this.hydrate(rows[0]) : null;
  }

  /** A folder's entries (or a tag's), in one of the orders the indexes keep, from an offset or a cursor. */
  async list(query: ListQuery): Promise<Entry[]> {
    const a = query.tag !== undefined ? 'e.' : '';
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.tag !== undefined) {
      where.push('t.tag = ?');
      params.push(query.tag);
    }
    if (query.parentId !== undefined) {
      where.push(`${a}parent_id = ?`);
      params.push(query.parentId);
    }
    const column = `${a}${query.sort}`;
    const dir = query.order === 'asc' ? 'ASC' : 'DESC';
    const cmp = query.order === 'asc' ? '>' : '<';
    // Names are unique in a folder, so they need no tie-breaker there; other orders end with the id.
    const byNameInFolder = query.sort === 'name' && query.tag === undefined;
    if (query.after) {
      const value = query.sort.startsWith('date_') ? new Date(query.after.value) : query.after.value;
      if (byNameInFolder) {
        where.push(`${column} ${cmp} ?`);
        params.push(value);
      } else {
        where.push(`(${column}, ${a}id) ${cmp} (?, ?)`);
        params.push(value, query.after.id);
      }
    }
    const order = byNameInFolder ? `${column} ${dir}` : `${column} ${dir}, ${a}id ${dir}`;
    const from =
      query.tag !== undefined ? 'file_tags t JOIN file_entries e ON e.id = t.entry_id' : 'file_entries';
    const columns = query.tag !== undefined ? COLUMNS.replace(/(^|, )/g, '$1e.') : COLUMNS;
    const rows = await this.db.query(
      `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ') || '1 = 1'} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...params, query.limit, query.after ? 0 : query.offset],
    );
    return rows.map((r) => this.hydrate(r));
  }

  /** How many entries carry a tag (in one folder, or anywhere). A folder's own total is its child_count. */
  async countTagged(tag: string, parentId: string | undefined): Promise<number> {
    const rows = await this.db.query<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM file_tags t JOIN file_entries e ON e.id = t.entry_id WHERE t.tag = ?${
        parentId !== undefined ? ' AND e.parent_id = ?' : ''
      }`,
      parentId !== undefined ? [tag, parentId] : [tag],
    );
    return Number(rows[0].n);
  }

  async tagsOf(ids: string[], tx: Tx = this.db): Promise<Map<string, string[]>> {
    const tags = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return tags;
    const rows = await tx.query<{ entry_id: string; tag: string }>(
      `SELECT entry_id, tag FROM file_tags WHERE entry_id IN (${ids.map(() => '?').join(', ')}) ORDER BY tag`,
      ids,
    );
    for (const row of rows) tags.get(row.entry_id)?.push(row.tag);
    return tags;
  }

  async insert(tx: Tx, entry: Entry): Promise<void> {
    await tx.execute(`INSERT INTO file_entries (${COLUMNS}) VALUES (${COLUMNS.replace(/\w+/g, '?')})`, [
      entry.id,
      entry.parentId,
      entry.name,
      entry.isFolder,
      entry.size,
      entry.childCount,
      entry.uri,
      entry.checksum,
      entry.contentType,
      entry.creator,
      entry.metadata === null ? null : JSON.stringify(entry.metadata),
      entry.dateCreated,
      entry.dateModified,
      entry.ownerId,
    ]);
  }

  /** Writes the fields of `entry` that can change (everything but id, is_folder, creator, date_created). */
  async update(tx: Tx, entry: Entry): Promise<void> {
    await tx.execute(
      `UPDATE file_entries SET parent_id = ?, name = ?, size = ?, uri = ?, checksum = ?, content_type = ?,
         metadata = ?, date_modified = ? WHERE id = ?`,
      [
        entry.parentId,
        entry.name,
        entry.size,
        entry.uri,
        entry.checksum,
        entry.contentType,
        entry.metadata === null ? null : JSON.stringify(entry.metadata),
        entry.dateModified,
        entry.id,
      ],
    );
  }

  /** Keeps a folder's child_count in step with what was added to it or taken out of it. */
  async adjustCount(tx: Tx, folderId: string | null, delta: number): Promise<void> {
    if (folderId === null || delta === 0) return;
    await tx.execute('UPDATE file_entries SET child_count = child_count + ? WHERE id = ?', [delta, folderId]);
  }

  async moveMany(tx: Tx, ids: string[], parentId: string, now: Date): Promise<number> {
    return tx.execute(
      `UPDATE file_entries SET parent_id = ?, date_modified = ? WHERE id IN (${ids.map(() => '?').join(', ')})`,
      [parentId, now, ...ids],
    );
  }

  async touch(tx: Tx, ids: string[], now: Date): Promise<void> {
    await tx.execute(
      `UPDATE file_entries SET date_modified = ? WHERE id IN (${ids.map(() => '?').join(', ')})`,
      [now, ...ids],
    );
  }

  /** `id` and its ancestors up to the root row, nearest first (the root's depth is 0). */
  async ancestors(tx: Tx, id: string): Promise<string[]> {
    const rows = await tx.query<{ id: string }>(
      `WITH RECURSIVE up(id, parent_id, n) AS (
         SELECT id, parent_id, 0 FROM file_entries WHERE id = ?
         UNION ALL
         SELECT e.id, e.parent_id, up.n + 1 FROM file_entries e JOIN up ON e.id = up.parent_id WHERE up.n < 1000
       ) SELECT id FROM up ORDER BY n`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  /** How many levels lie below `id` (0 for a file or an empty folder), and how many entries. */
  async subtree(
    tx: Tx,
    id: string,
    owner?: string,
  ): Promise<{ height: number; count: number; foreign: number }> {
    const rows = await tx.query<{ height: unknown; count: unknown; foreign_count: unknown }>(
      `WITH RECURSIVE down(id, owner_id, n) AS (
         SELECT id, owner_id, 0 FROM file_entries WHERE id = ?
         UNION ALL
         SELECT e.id, e.owner_id, down.n + 1 FROM file_entries e JOIN down ON e.parent_id = down.id
       ) SELECT MAX(n) AS height, COUNT(*) - 1 AS count,
           SUM(CASE WHEN COALESCE(owner_id, '') <> ? THEN 1 ELSE 0 END) AS foreign_count FROM down`,
      [id, owner ?? ''],
    );
    return {
      height: Number(rows[0]?.height ?? 0),
      count: Number(rows[0]?.count ?? 0),
      foreign: Number(rows[0]?.foreign_count ?? 0),
    };
  }

  /** Deletes `id` and everything under it in one statement (the foreign key is checked at its end). */
  async deleteSubtree(tx: Tx, id: string): Promise<number> {
    return tx.execute(
      `WITH RECURSIVE down(id) AS (
         SELECT id FROM file_entries WHERE id = ?
         UNION ALL
         SELECT e.id FROM file_entries e JOIN down ON e.parent_id = down.id
       ) DELETE FROM file_entries WHERE id IN (SELECT id FROM down)`,
      [id],
    );
  }

  async setTags(tx: Tx, id: string, tags: string[]): Promise<void> {
    await tx.execute('DELETE FROM file_tags WHERE entry_id = ?', [id]);
    await this.addTags(tx, [id], tags);
  }

  async addTags(tx: Tx, ids: string[], tags: string[]): Promise<void> {
    if (ids.length === 0 || tags.length === 0) return;
    const pairs = ids.flatMap((id) => tags.map((tag) => [id, tag]));
    for (let i = 0; i < pairs.length; i += 400) {
      const chunk = pairs.slice(i, i + 400);
      await tx.execute(
        `INSERT INTO file_tags (entry_id, tag) VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        chunk.flat(),
      );
    }
  }

  async removeTags(tx: Tx, ids: string[], tags: string[]): Promise<void> {
    if (ids.length === 0 || tags.length === 0) return;
    await tx.execute(
      `DELETE FROM file_tags WHERE entry_id IN (${ids.map(() => '?').join(', ')}) AND tag IN (${tags
        .map(() => '?')
        .join(', ')})`,
      [...ids, ...tags],
    );
  }

  /** Every entry under a folder, parent before child, a page of one folder at a time. */
  async *walk(rootId: string, pageSize = 1000): AsyncGenerator<{ entry: Entry; path: string[] }> {
    const stack: { id: string; path: string[] }[] = [{ id: rootId, path: [] }];
    while (stack.length) {
      const folder = stack.pop()!;
      let after: Cursor | undefined;
      for (;;) {
        const page = await this.list({
          parentId: folder.id,
          sort: 'name',
          order: 'asc',
          limit: pageSize,
          offset: 0,
          after,
        });
        const folders: { id: string; path: string[] }[] = [];
        for (const entry of page) {
          const path = [...folder.path, entry.name];
          yield { entry, path };
          if (entry.isFolder) folders.push({ id: entry.id, path });
        }
        stack.push(...folders.reverse());
        if (page.length < pageSize) break;
        after = { value: page[page.length - 1].name, id: page[page.length - 1].id };
      }
    }
  }

  hydrate(row: Row): Entry {
    const d = this.db.dialect;
    return {
      id: row.id as string,
      parentId: (row.parent_id as string | null) ?? null,
      name: row.name as string,
      isFolder: Boolean(row.is_folder),
      size: Number(row.size ?? 0),
      childCount: Number(row.child_count ?? 0),
      uri: (row.uri as string | null) ?? null,
      checksum: (row.checksum as string | null) ?? null,
      contentType: (row.content_type as string | null) ?? null,
      creator: row.creator as string,
      ownerId: (row.owner_id as string | null) ?? null,
      metadata: row.metadata === null || row.metadata === undefined ? null : JSON.parse(String(row.metadata)),
      dateCreated: d.readDate(row.date_created)!,
      dateModified: d.readDate(row.date_modified)!,
    };
  }
}
