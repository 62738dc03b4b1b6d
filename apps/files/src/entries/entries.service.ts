import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuditLog, ownerIdOf, OwnerBackfill, type Principal } from '@simvault/auth';
import {
  badRequest,
  CLOCK,
  type Clock,
  conflict,
  type ContentToSend,
  forbidden,
  notFound,
} from '@simvault/core';
import { ROOT_FOLDER_ID } from '@simvault/entities';
import type { Request } from 'express';
import { ContentStore } from '../content/content-store';
import { FilesDb, isForeignKeyViolation, isUniqueViolation, type Tx } from '../db/files-db';
import { contentTypeOf, isMediaType } from '../http/content-type';
import { MAX_DEPTH } from '../tokens';
import type {
  BatchDto,
  ContentQuery,
  CreateEntryDto,
  ListEntriesQuery,
  UpdateEntryDto,
  UploadQuery,
} from './dto/entries.dto';
import {
  EntriesRepository,
  type Cursor,
  type Entry,
  type SortKey,
  type SortOrder,
} from './entries.repository';
import {
  entryResponse,
  type BatchAnswer,
  type DeletedEntryResponse,
  type EntryPage,
  type EntryResponse,
  type FolderResponse,
  type UploadedEntryResponse,
} from './entry.response';
import { checkTags } from './names';

/** Serializes moves on PostgreSQL, so two concurrent moves cannot each pass the cycle check and make a loop. */
const MOVE_LOCK = 7_152_004_212;

/**
 * The creator name shown for what a session creates: its user's name, or the anonymous session's
 * owner id. Ownership itself is by id (`ownerId`, from ownerIdOf), so a new account that reuses a
 * deleted account's name inherits nothing.
 */
export function creatorOf(caller: Principal): string {
  return caller.kind === 'anonymous' ? ownerIdOf(caller) : caller.username;
}

const isAdmin = (caller: Principal) => caller.privileges.includes('admin');

/** null, absent and "root" all mean the top level. */
const parentOf = (id: string | null | undefined) =>
  id === null || id === undefined || id === '' ? ROOT_FOLDER_ID : id;

const quoted = (entry: Entry) => JSON.stringify(entry.name);

/**
 * Folders and files: listing (paginated, sorted, by offset or cursor), creation, rename, move
 * (never into itself), delete (a non-empty folder only when asked to recurse), uploads into the
 * buffer store, metadata and tags, and batches of these in one transaction. Reading needs `read`
 * (the routes say so); changing needs `write` and owning the entry, or `admin`.
 */
@Injectable()
export class EntriesService implements OnApplicationBootstrap {
  constructor(
    private readonly entries: EntriesRepository,
    private readonly db: FilesDb,
    private readonly content: ContentStore,
    private readonly audit: AuditLog,
    private readonly owners: OwnerBackfill,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Entries stored before owners were kept by id get theirs (see OwnerBackfill). */
  async onApplicationBootstrap() {
    await this.owners.run(this.db.dataSource, 'file_entries', 'creator', 'date_created');
  }

  /** An admin's change to entries of someone else's goes into the audit log, one row each. */
  private async audited(caller: Principal, action: string, entries: Entry[]): Promise<void> {
    const at = this.clock.now();
    for (const entry of entries) {
      if (entry.ownerId === ownerIdOf(caller)) continue;
      await this.audit.record({
        caller,
        service: 'files',
        action,
        target: entry.id,
        targetOwnerId: entry.ownerId,
        at,
      });
    }
  }

  async list(query: ListEntriesQuery): Promise<EntryPage> {
    if (query.tag === undefined) {
      const folder = await this.folder(this.db, parentOf(query.parent_id));
      return this.page(query, folder);
    }
    const parentId = query.parent_id === undefined ? undefined : parentOf(query.parent_id);
    const page = await this.page(query, parentId);
    // A tag listing with entries has a folder above it; only an empty one may be a mistake worth a 404.
    if (parentId !== undefined && page.total === 0) await this.folder(this.db, parentId);
    return page;
  }

  async get(id: string, children: ListEntriesQuery): Promise<FolderResponse> {
    const entry = await this.existing(this.db, id);
    const [response] = await this.responses(this.db, [entry]);
    if (!entry.isFolder) return response;
    return {
      ...response,
      children: await this.page(children, children.tag === undefined ? entry : entry.id),
    };
  }

  async create(dto: CreateEntryDto, caller: Principal): Promise<EntryResponse> {
    const isFolder = dto.is_folder === true;
    if (isFolder && (dto.uri != null || dto.size != null || dto.content_type != null)) {
      throw badRequest('Invalid request: a folder has no uri, size or content_type.');
    }
    const tags = checkTags(dto.tags ?? []);
    const now = this.clock.now();
    return this.write(async (tx) => {
      const parent = await this.folderToChange(tx, parentOf(dto.parent_id), caller);
      await this.checkDepth(tx, parent.id, 0);
      await this.nameIsFree(tx, parent, dto.name);
      const entry: Entry = {
        id: randomUUID(),
        parentId: parent.id,
        name: dto.name,
        isFolder,
        size: isFolder ? 0 : (dto.size ?? 0),
        childCount: 0,
        uri: isFolder ? null : (dto.uri ?? null),
        checksum: null,
        contentType: dto.content_type ?? null,
        creator: creatorOf(caller),
        ownerId: ownerIdOf(caller),
        metadata: dto.metadata ?? null,
        dateCreated: now,
        dateModified: now,
      };
      await this.entries.insert(tx, entry);
      await this.entries.adjustCount(tx, parent.id, 1);
      await this.entries.addTags(tx, [entry.id], tags);
      return entryResponse(entry, [...tags].sort());
    });
  }

  /** A new file whose content is the request body. */
  async upload(query: UploadQuery, req: Request, caller: Principal): Promise<UploadedEntryResponse> {
    const parentId = parentOf(query.parent_id);
    // Refused before the body is read: a missing or foreign folder, a taken name, a body too large.
    const parent = await this.folderToChange(this.db, parentId, caller);
    await this.nameIsFree(this.db, parent, query.name);
    this.content.precheck(req);
    const stored = await this.content.receive(req, query.checksum);
    const now = this.clock.now();
    const response = await this.write(async (tx) => {
      const folder = await this.folderToChange(tx, parentId, caller);
      await this.checkDepth(tx, folder.id, 0);
      await this.nameIsFree(tx, folder, query.name);
      const entry: Entry = {
        id: randomUUID(),
        parentId: folder.id,
        name: query.name,
        isFolder: false,
        size: stored.size,
        childCount: 0,
        uri: null,
        checksum: stored.checksum,
        contentType: declaredType(query, req),
        creator: creatorOf(caller),
        ownerId: ownerIdOf(caller),
        metadata: null,
        dateCreated: now,
        dateModified: now,
      };
      await this.entries.insert(tx, entry);
      await this.entries.adjustCount(tx, folder.id, 1);
      return entryResponse(entry, []);
    });
    return { ...response, deduplicated: !stored.created };
  }

  /** Replaces a file's content (or gives content to a URI entry) with the request body. */
  async replaceContent(
    id: string,
    query: ContentQuery,
    req: Request,
    caller: Principal,
  ): Promise<UploadedEntryResponse> {
    const before = this.fileToChange(await this.existing(this.db, id), caller);
    this.content.precheck(req);
    const stored = await this.content.receive(req, query.checksum);
    const response = await this.write(async (tx) => {
      const entry = this.fileToChange(await this.existing(tx, id), caller);
      Object.assign(entry, {
        size: stored.size,
        checksum: stored.checksum,
        uri: null,
        contentType: declaredType(query, req),
        dateModified: this.clock.now(),
      });
      await this.entries.update(tx, entry);
      return (await this.responses(tx, [entry]))[0];
    });
    await this.audited(caller, 'file.replace_content', [before]);
    return { ...response, deduplicated: !stored.created };
  }

  /** What GET /files/{id}/content sends: the uploaded bytes, verified as they stream. */
  async download(id: string): Promise<ContentToSend> {
    const entry = await this.existing(this.db, id);
    if (entry.isFolder) {
      throw badRequest(
        `${quoted(entry)} is a folder: download it as an archive with GET /files/${id}/export.`,
      );
    }
    if (entry.checksum === null) {
      if (entry.uri !== null)
        throw conflict(`${quoted(entry)} points at ${entry.uri}; it holds no content here.`);
      throw notFound(`${quoted(entry)} holds no content yet: upload it with PUT /files/${id}/content.`);
    }
    const checksum = entry.checksum;
    return {
      etag: checksum,
      size: entry.size,
      contentType: contentTypeOf(entry.contentType, entry.name),
      filename: entry.name,
      redirect: () => this.content.redirect(checksum, entry.size, entry.name),
      open: async (range) => {
        const gone = () =>
          notFound(`The content of ${quoted(entry)} (buffer ${checksum}) is no longer in the content store.`);
        const stream = range
          ? await this.content.openRange(checksum, range)
          : await this.content.open(checksum, entry.size);
        if (!stream) throw gone();
        return stream;
      },
    };
  }

  async update(id: string, dto: UpdateEntryDto, caller: Principal): Promise<EntryResponse> {
    const tags = dto.tags === undefined ? undefined : checkTags(dto.tags);
    const moving = dto.parent_id !== undefined;
    let changed: Entry | undefined;
    const response = await this.write(async (tx) => {
      if (moving) await this.lockMoves(tx);
      const entry = this.toChange(await this.existing(tx, id), caller);
      changed = entry;
      if (moving && parentOf(dto.parent_id) !== entry.parentId) {
        const target = await this.folderToChange(tx, parentOf(dto.parent_id), caller);
        await this.checkMove(tx, [entry], target);
        await this.entries.adjustCount(tx, entry.parentId, -1);
        await this.entries.adjustCount(tx, target.id, 1);
        entry.parentId = target.id;
      }
      if (dto.name !== undefined) entry.name = dto.name;
      if ((moving || dto.name !== undefined) && entry.parentId !== null) {
        const holder = await this.entries.findByName(tx, entry.parentId, entry.name);
        if (holder && holder.id !== entry.id) {
          throw conflict(`The folder already holds an entry named ${quoted(entry)}.`);
        }
      }
      if (dto.metadata !== undefined) entry.metadata = dto.metadata;
      entry.dateModified = this.clock.now();
      await this.entries.update(tx, entry);
      if (tags !== undefined) await this.entries.setTags(tx, entry.id, tags);
      return (await this.responses(tx, [entry]))[0];
    });
    await this.audited(caller, 'file.update', changed ? [changed] : []);
    return response;
  }

  async remove(id: string, recursive: boolean, caller: Principal): Promise<DeletedEntryResponse> {
    let removed: Entry | undefined;
    const answer = await this.write(async (tx) => {
      const entry = this.toChange(await this.existing(tx, id), caller);
      removed = entry;
      return { id, deleted: await this.deleteOne(tx, entry, recursive, caller) };
    });
    await this.audited(caller, 'file.delete', removed ? [removed] : []);
    return answer;
  }

  /** Many entries in one transaction: all of them change, or (on any refusal) none. */
  async batch(dto: BatchDto, caller: Principal): Promise<BatchAnswer> {
    const tags = dto.tags === undefined ? undefined : checkTags(dto.tags);
    if ((dto.action === 'tag' || dto.action === 'untag') && !tags?.length) {
      throw badRequest(`Invalid request: tags is required to ${dto.action}.`);
    }
    if (dto.action === 'move' && dto.parent_id === undefined) {
      throw badRequest('Invalid request: parent_id is required to move (null or "root" for the top level).');
    }
    let changed: Entry[] = [];
    const answer = await this.write(async (tx) => {
      if (dto.action === 'move') await this.lockMoves(tx);
      const found = new Map((await this.entries.findMany(tx, dto.ids)).map((e) => [e.id, e]));
      const missing = dto.ids.filter((id) => !found.has(id));
      if (missing.length) throw notFound(`No entry ${missing.join(', ')}; nothing was changed.`);
      const entries = dto.ids.map((id) => this.toChange(found.get(id)!, caller));
      changed = entries;
      const now = this.clock.now();
      switch (dto.action) {
        case 'move': {
          const target = await this.folderToChange(tx, parentOf(dto.parent_id), caller);
          await this.checkMove(tx, entries, target);
          const names = new Map<string, Entry>();
          for (const entry of entries) {
            const other = names.get(entry.name);
            if (other)
              throw conflict(
                `Two of the entries are named ${quoted(entry)}; a folder holds one of each name.`,
              );
            names.set(entry.name, entry);
            const holder = await this.entries.findByName(tx, target.id, entry.name);
            if (holder && !found.has(holder.id)) {
              throw conflict(`The folder already holds an entry named ${quoted(entry)}; nothing was moved.`);
            }
          }
          const leaving = new Map<string, number>();
          for (const entry of entries) {
            if (entry.parentId === target.id || entry.parentId === null) continue;
            leaving.set(entry.parentId, (leaving.get(entry.parentId) ?? 0) + 1);
          }
          for (const [parentId, n] of leaving) await this.entries.adjustCount(tx, parentId, -n);
          await this.entries.adjustCount(
            tx,
            target.id,
            [...leaving.values()].reduce((a, b) => a + b, 0),
          );
          await this.entries.moveMany(tx, dto.ids, target.id, now);
          return { action: dto.action, count: entries.length };
        }
        case 'delete': {
          let deleted = 0;
          for (const entry of entries) {
            // An entry inside a folder deleted earlier in this batch is gone already.
            if (!(await this.entries.find(tx, entry.id))) continue;
            deleted += await this.deleteOne(tx, entry, dto.recursive === true, caller);
          }
          return { action: dto.action, count: entries.length, deleted };
        }
        case 'tag':
        case 'untag':
          if (dto.action === 'tag') await this.entries.addTags(tx, dto.ids, tags!);
          else await this.entries.removeTags(tx, dto.ids, tags!);
          await this.entries.touch(tx, dto.ids, now);
          return { action: dto.action, count: entries.length };
      }
    });
    await this.audited(caller, `file.${dto.action}`, changed);
    return answer;
  }

  /** Translates what the database refuses into answers (a name taken, a parent gone meanwhile). */
  private async write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('The folder already holds an entry of that name.');
      if (isForeignKeyViolation(error)) {
        throw conflict('A folder changed while this ran (deleted, or given a new entry); try again.');
      }
      throw error;
    }
  }

  /** A page of a folder (whose child_count is the total), or of a tag's entries (counted). */
  private async page(query: ListEntriesQuery, within: Entry | string | undefined): Promise<EntryPage> {
    const after =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort, query.order);
    const parentId = typeof within === 'object' ? within.id : within;
    const rows = await this.entries.list({
      parentId,
      tag: query.tag,
      sort: query.sort,
      order: query.order,
      limit: query.limit,
      offset: query.offset,
      after,
    });
    // Independent reads: on PostgreSQL they run side by side on two pooled connections.
    const [total, items] = await Promise.all([
      typeof within === 'object' ? within.childCount : this.entries.countTagged(query.tag!, parentId),
      this.responses(this.db, rows),
    ]);
    const last = rows[rows.length - 1];
    return {
      items,
      total,
      limit: query.limit,
      offset: after ? 0 : query.offset,
      next_cursor: rows.length === query.limit && last ? encodeCursor(query.sort, query.order, last) : null,
    };
  }

  private async responses(tx: Tx, rows: Entry[]): Promise<EntryResponse[]> {
    const tags = await this.entries.tagsOf(
      rows.map((r) => r.id),
      tx,
    );
    return rows.map((r) => entryResponse(r, tags.get(r.id) ?? []));
  }

  private async existing(tx: Tx, id: string): Promise<Entry> {
    const entry = await this.entries.find(tx, id);
    if (!entry) throw notFound(`No entry ${id}.`);
    return entry;
  }

  private async folder(tx: Tx, id: string): Promise<Entry> {
    const entry = await this.entries.find(tx, id);
    if (!entry) throw notFound(`No folder ${id}.`);
    if (!entry.isFolder) throw badRequest(`${quoted(entry)} (${id}) is a file, not a folder.`);
    return entry;
  }

  /** A folder the caller may put entries into or take them out of: its own (or any, for an admin), or the top level. */
  private async folderToChange(tx: Tx, id: string, caller: Principal): Promise<Entry> {
    const folder = await this.folder(tx, id);
    if (folder.id !== ROOT_FOLDER_ID && folder.ownerId !== ownerIdOf(caller) && !isAdmin(caller)) {
      throw forbidden(
        `Only the creator of the folder ${quoted(folder)} (${folder.creator}) or an admin can change what it holds.`,
      );
    }
    return folder;
  }

  private toChange(entry: Entry, caller: Principal): Entry {
    if (entry.id === ROOT_FOLDER_ID) throw badRequest('The top-level folder cannot be changed or deleted.');
    if (entry.ownerId !== ownerIdOf(caller) && !isAdmin(caller)) {
      throw forbidden(`Only the creator of ${quoted(entry)} (${entry.creator}) or an admin can change it.`);
    }
    return entry;
  }

  private fileToChange(entry: Entry, caller: Principal): Entry {
    this.toChange(entry, caller);
    if (entry.isFolder) throw badRequest(`${quoted(entry)} is a folder: it holds entries, not content.`);
    return entry;
  }

  private async nameIsFree(tx: Tx, folder: Entry, name: string): Promise<void> {
    if (await this.entries.findByName(tx, folder.id, name)) {
      throw conflict(
        `${folder.id === ROOT_FOLDER_ID ? 'The top level' : `The folder ${quoted(folder)}`} already holds an entry named ${JSON.stringify(name)}.`,
      );
    }
  }

  /** An entry `height` levels tall fits under `parentId` within MAX_DEPTH. */
  private async checkDepth(tx: Tx, parentId: string, height: number): Promise<void> {
    const depth = (await this.entries.ancestors(tx, parentId)).length - 1;
    if (depth + 1 + height > MAX_DEPTH) {
      throw badRequest(
        `Folders nest at most ${MAX_DEPTH} levels deep; this would make ${depth + 1 + height}.`,
      );
    }
  }

  /** Refuses moving a folder into itself or below itself, and moves that nest too deep. */
  private async checkMove(tx: Tx, moved: Entry[], target: Entry): Promise<void> {
    const above = new Set(await this.entries.ancestors(tx, target.id));
    let height = 0;
    for (const entry of moved) {
      if (above.has(entry.id)) {
        throw conflict(
          entry.id === target.id
            ? `${quoted(entry)} cannot be moved into itself.`
            : `${quoted(entry)} cannot be moved into ${quoted(target)}, which is inside it.`,
        );
      }
      if (entry.isFolder) height = Math.max(height, (await this.entries.subtree(tx, entry.id)).height);
    }
    await this.checkDepth(tx, target.id, height);
  }

  private async lockMoves(tx: Tx): Promise<void> {
    if (this.db.pg) await tx.query('SELECT pg_advisory_xact_lock(?)', [MOVE_LOCK]);
  }

  private async deleteOne(tx: Tx, entry: Entry, recursive: boolean, caller: Principal): Promise<number> {
    if (entry.isFolder) {
      const below = await this.entries.subtree(tx, entry.id, ownerIdOf(caller));
      if (below.count > 0 && !recursive) {
        throw conflict(
          `The folder ${quoted(entry)} is not empty (${below.count} entr${below.count === 1 ? 'y' : 'ies'} inside): delete it with recursive=true to delete everything in it.`,
        );
      }
      if (below.foreign > 0 && !isAdmin(caller)) {
        throw forbidden(
          `The folder ${quoted(entry)} holds ${below.foreign} entr${below.foreign === 1 ? 'y' : 'ies'} of other users; only an admin can delete it.`,
        );
      }
    }
    const deleted = await this.entries.deleteSubtree(tx, entry.id);
    await this.entries.adjustCount(tx, entry.parentId, -1);
    return deleted;
  }
}

/** The Content-Type an upload declares: ?content_type=, else the request's unless it is the generic one. */
function declaredType(query: ContentQuery, req: Request): string | null {
  if (query.content_type) return query.content_type;
  const header = req.headers['content-type'];
  return header && isMediaType(header) && !/^application\/octet-stream\b/i.test(header) ? header : null;
}

function encodeCursor(sort: SortKey, order: SortOrder, last: Entry): string {
  const value =
    sort === 'name'
      ? last.name
      : sort === 'size'
        ? last.size
        : (sort === 'date_created' ? last.dateCreated : last.dateModified).toISOString();
  return Buffer.from(JSON.stringify([sort, order, value, last.id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: SortKey, order: SortOrder): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    typeof parsed[3] !== 'string' ||
    !(typeof parsed[2] === 'string' || typeof parsed[2] === 'number')
  ) {
    throw badRequest(
      'Invalid request: cursor is not one this service gave out (pass next_cursor as it came).',
    );
  }
  if (parsed[0] !== sort || parsed[1] !== order) {
    throw badRequest(
      `Invalid request: this cursor continues a listing sorted by ${parsed[0]} ${parsed[1]}; ask with the same sort and order.`,
    );
  }
  if (sort.startsWith('date_') && Number.isNaN(new Date(parsed[2] as string).getTime())) {
    throw badRequest(
      'Invalid request: cursor is not one this service gave out (pass next_cursor as it came).',
    );
  }
  return { value: parsed[2] as string | number, id: parsed[3] };
}
