import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SessionClient } from './auth';
import type { components, operations, paths } from './generated/files';
import { answer, PageQuery, SimvaultError, typedClient, type QueryOf } from './http';
import {
  downloadResumable,
  DownloadMismatchError,
  fileBody,
  saveTo,
  sendContent,
  streamRequest,
  type Content,
} from './streams';
import {
  ExportError,
  extractTar,
  type ExportOptions,
  type ExportProgress,
  type ExportResult,
} from './tar-reader';

export { ExportError, type ExportOptions, type ExportProgress, type ExportResult } from './tar-reader';

// The wire types are the file manager's OpenAPI document's (libs/client/src/generated/files.ts).
type Schemas = components['schemas'];

/** A folder or file: sim2l's record (`parent_id` null at the top level), then the service's fields. */
export type FileRecord = Schemas['EntryResponse'];

/** A page of entries; pass `next_cursor` as `cursor` for the next one (null on the last). */
export type EntryPage = Schemas['EntryPage'];

/** An entry with, for a folder, a page of its children. */
export type FolderRecord = Schemas['FolderResponse'];

/** What an upload answers: the entry, and whether the same bytes were stored already. */
export type UploadedEntry = Schemas['UploadedEntryResponse'];

export type ListQuery = QueryOf<operations['EntriesController_list']>;

export type NewEntry = Pick<Schemas['CreateEntryDto'], 'parent_id' | 'metadata' | 'tags'>;

export type NewFile = Omit<Schemas['CreateEntryDto'], 'name' | 'is_folder'>;

/** The query of an upload (the name is `upload`'s first argument). */
export type UploadOptions = Omit<QueryOf<operations['EntriesController_upload']>, 'name'>;

/** An artifact of a run, as sim2l's get_run_files lists it (`name, size, category, content_type`), and more. */
export type RunFile = Schemas['ArtifactResponse'];

export type RunFiles = Schemas['RunFilesResponse'];

export type IndexResult = Schemas['IndexAnswer'];

/** The platform's copy of an external artifact (GET/PUT /artifacts/{sha256}). */
export type ArtifactState = Schemas['ArtifactStateResponse'];

export type BatchOperation =
  | { action: 'move'; ids: string[]; parent_id: string | null }
  | { action: 'delete'; ids: string[]; recursive?: boolean }
  | { action: 'tag' | 'untag'; ids: string[]; tags: string[] };

/** What to export: a folder or file by id, or a run's artifacts. */
export type ExportSource = { entry: string } | { run: string };

const segments = (name: string) => name.split('/').map(encodeURIComponent).join('/');

/**
 * The file manager (port 8004): sim2l's FileManager calls (getRunFiles, exportRunFile,
 * getSimulationFiles, createFolder, createFile, listFolder), uploads and downloads that stream,
 * batches, and exports of a folder or a run written into a local directory.
 */
export class FilesClient extends SessionClient {
  /** The typed routes of the file manager's document. */
  private readonly files = typedClient<paths>(this.http);

  list(query: ListQuery = {}): Promise<EntryPage> {
    return answer(this.files.GET('/files', { params: { query } }), 'GET');
  }

  /** A page of a folder's entries (the top level when `folderId` is null or absent). */
  async listFolder(
    folderId?: string | null,
    query: Omit<ListQuery, 'parent_id'> = {},
  ): Promise<FileRecord[]> {
    return (await this.list({ ...query, parent_id: folderId ?? undefined })).items;
  }

  /** Every entry of a folder, page after page (by cursor, so each page costs the same). */
  async *listAll(folderId?: string | null, query: Omit<ListQuery, 'parent_id' | 'cursor' | 'offset'> = {}) {
    let cursor: string | undefined;
    do {
      const page = await this.list({ limit: 1000, ...query, parent_id: folderId ?? undefined, cursor });
      yield* page.items;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  get(id: string, children: Omit<ListQuery, 'parent_id'> = {}): Promise<FolderRecord> {
    return answer(this.files.GET('/files/{id}', { params: { path: { id }, query: children } }), 'GET');
  }

  createFolder(name: string, options: NewEntry = {}): Promise<FileRecord> {
    return answer(this.files.POST('/files', { body: { ...options, name, is_folder: true } }), 'POST');
  }

  /** A file entry that points at a URI (sim2l's create_file); upload() stores content instead. */
  createFile(name: string, options: NewFile = {}): Promise<FileRecord> {
    return answer(this.files.POST('/files', { body: { ...options, name } }), 'POST');
  }

  /** A new file holding `data`: bytes, a string (UTF-8), or a local file's path with `{ path }`. */
  async upload(name: string, data: Content, options: UploadOptions = {}): Promise<UploadedEntry> {
    return sendContent(this.http, 'POST', '/files/upload', { ...options, name }, data);
  }

  replaceContent(
    id: string,
    data: Content,
    options: Omit<UploadOptions, 'parent_id'> = {},
  ): Promise<UploadedEntry> {
    return sendContent(this.http, 'PUT', `/files/${encodeURIComponent(id)}/content`, options, data);
  }

  update(id: string, changes: Schemas['UpdateEntryDto']): Promise<FileRecord> {
    return answer(this.files.PATCH('/files/{id}', { params: { path: { id } }, body: changes }), 'PATCH');
  }

  rename(id: string, name: string): Promise<FileRecord> {
    return this.update(id, { name });
  }

  /** Into another folder; null for the top level. */
  move(id: string, parentId: string | null): Promise<FileRecord> {
    return this.update(id, { parent_id: parentId });
  }

  delete(
    id: string,
    options: QueryOf<operations['EntriesController_remove']> = {},
  ): Promise<Schemas['DeletedEntryResponse']> {
    return answer(this.files.DELETE('/files/{id}', { params: { path: { id }, query: options } }), 'DELETE');
  }

  batch(operation: BatchOperation): Promise<Schemas['BatchAnswer']> {
    return answer(this.files.POST('/files/batch', { body: operation }), 'POST');
  }

  /** A file's uploaded content, whole. */
  async download(id: string): Promise<Buffer> {
    const res = await streamRequest(this.http, 'GET', `/files/${encodeURIComponent(id)}/content`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** A file's uploaded content, streamed to `path`. */
  async downloadTo(id: string, path: string): Promise<{ bytes: number }> {
    return saveTo(await streamRequest(this.http, 'GET', `/files/${encodeURIComponent(id)}/content`), path);
  }

  /** The artifacts of a run (sim2l's get_run_files). */
  async getRunFiles(executionId: string): Promise<RunFile[]> {
    return (await this.runFiles(executionId)).files;
  }

  runFiles(executionId: string): Promise<RunFiles> {
    return answer(this.files.GET('/runs/{executionId}/files', { params: { path: { executionId } } }), 'GET');
  }

  /** One artifact written to `path` (sim2l's export_run_file); `id` picks one of several of a name. */
  async exportRunFile(executionId: string, name: string, path: string, id?: number): Promise<boolean> {
    const query = id === undefined ? undefined : { id };
    await saveTo(
      await streamRequest(
        this.http,
        'GET',
        `/runs/${encodeURIComponent(executionId)}/files/${segments(name)}`,
        { query },
      ),
      path,
    );
    return true;
  }

  /** The artifacts of every run of a simulation version (sim2l's get_simulation_files), a page at a time. */
  getSimulationFiles(name: string, version: string, page: PageQuery = {}): Promise<Schemas['ArtifactPage']> {
    return answer(
      this.files.GET('/simulations/{name}/{version}/files', {
        params: { path: { name, version }, query: page },
      }),
      'GET',
    );
  }

  /** Index a run now, from the stored run file of that checksum (or the one indexed last time). */
  indexRun(executionId: string, checksum?: string): Promise<IndexResult> {
    return answer(
      this.files.POST('/runs/{executionId}/index', {
        params: { path: { executionId } },
        body: checksum === undefined ? {} : { checksum },
      }),
      'POST',
    );
  }

  /** Whether the platform holds the artifact of this sha256, or how much of an upload of it arrived. */
  artifactState(sha256: string): Promise<ArtifactState> {
    return answer(this.files.GET('/artifacts/{sha256}', { params: { path: { sha256 } } }), 'GET');
  }

  /**
   * Uploads the file at `path` as the artifact of `sha256`: nothing when the platform holds it
   * already; otherwise in parts of `partBytes` from where an earlier upload stopped, each part
   * retried from the offset the server reports when a transfer is cut. The server stores the bytes
   * only when the whole hashes to `sha256`.
   */
  async uploadArtifact(
    sha256: string,
    path: string,
    options: {
      partBytes?: number;
      retries?: number;
      onProgress?: (sent: number, total: number) => void;
    } = {},
  ): Promise<ArtifactState> {
    const partBytes = options.partBytes ?? 64 * 1024 * 1024;
    const total = (await stat(path)).size;
    let state = await this.artifactState(sha256);
    let failures = 0;
    while (!state.stored) {
      options.onProgress?.(state.offset, total);
      const first = state.offset;
      const last = total === 0 ? -1 : Math.min(total, first + partBytes) - 1;
      const headers: Record<string, string> = {
        'content-type': 'application/octet-stream',
        'content-length': String(last - first + 1),
      };
      if (total > 0) headers['content-range'] = `bytes ${first}-${last}/${total}`;
      const body =
        total === 0
          ? new Uint8Array(0)
          : (fileBody(path, { start: first, end: last }) as RequestInit['body']);
      try {
        const res = await streamRequest(this.http, 'PUT', `/artifacts/${encodeURIComponent(sha256)}`, {
          body,
          headers,
        });
        state = (await res.json()) as ArtifactState;
        failures = 0;
      } catch (error) {
        // A mismatch or a refusal is final; a cut transfer resumes from what the server kept.
        if (error instanceof SimvaultError && error.status !== 409 && error.status < 500) throw error;
        if (++failures > (options.retries ?? 3)) throw error;
        state = await this.artifactState(sha256);
      }
    }
    options.onProgress?.(total, total);
    return state;
  }

  /**
   * One artifact of a run streamed to `path`, its sha256 checked as it arrives (a file that does
   * not match is removed and refused); `onBytes` sees each chunk's size. An interrupted download
   * resumes where it was cut, from `<path>.part` (downloadResumable).
   */
  async downloadArtifact(
    executionId: string,
    file: Pick<RunFile, 'name' | 'id' | 'sha256' | 'size'>,
    path: string,
    onBytes?: (bytes: number) => void,
  ): Promise<{ bytes: number; sha256: string; resumedFrom: number }> {
    const route = `/runs/${encodeURIComponent(executionId)}/files/${segments(file.name)}`;
    try {
      return await downloadResumable(
        (headers) => streamRequest(this.http, 'GET', route, { query: { id: file.id }, headers }),
        path,
        { size: file.size, sha256: file.sha256 ?? null },
        onBytes,
      );
    } catch (error) {
      if (!(error instanceof DownloadMismatchError)) throw error;
      throw new ExportError(
        `${file.name} arrived as ${error.bytes} bytes hashing to ${error.sha256}, not the ${file.size} bytes of ${file.sha256}; it was removed.`,
      );
    }
  }

  /** The archive itself, as the server streams it. */
  exportArchive(source: ExportSource, format: 'tar' | 'zip' = 'tar'): Promise<Response> {
    const path =
      'run' in source
        ? `/runs/${encodeURIComponent(source.run)}/export`
        : `/files/${encodeURIComponent(source.entry)}/export`;
    return streamRequest(this.http, 'GET', path, { query: { format } });
  }

  /**
   * Writes an export into `directory`, as it streams: the server's tar is read member by member and
   * nothing is held whole. A member that would land outside the directory (an absolute path, "..",
   * a path through a link) or is a link itself is refused; files carrying a digest are checked, and
   * one that does not match is removed.
   */
  async exportTo(
    source: ExportSource,
    directory: string,
    options: ExportOptions = {},
  ): Promise<ExportResult> {
    const res = await this.exportArchive(source, 'tar');
    const total = Number(res.headers.get('content-length'));
    const skipped = Number(res.headers.get('x-export-skipped') ?? 0);
    if (!res.body) throw new ExportError('The server sent no archive.');
    const root = resolve(directory);
    await mkdir(root, { recursive: true });
    const progress: ExportProgress = {
      received: 0,
      total: Number.isFinite(total) ? total : null,
      files: 0,
      current: null,
    };
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    const counted = async function* () {
      for await (const chunk of body) {
        progress.received += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    };
    const result = await extractTar(counted(), root, options, progress);
    return { ...result, skipped };
  }
}
