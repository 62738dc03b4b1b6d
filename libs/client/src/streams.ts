import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { STREAM_CHUNK_BYTES, writeBatched } from '@simvault/blobs/write';
import { HttpClient, Query, SimvaultError } from './http';

// Streamed uploads and downloads: bodies that are not JSON (octet-stream in, files and archives
// out), which the generated types cannot describe. Hand-written; errors still arrive as SimvaultError.

/** What an upload sends: bytes, a string (UTF-8), or a local file's path with `{ path }` (streamed). */
export type Content = Uint8Array | string | { path: string };

/** A request whose body or answer is not JSON, with `http`'s base URL and token. */
export async function streamRequest(
  http: HttpClient,
  method: string,
  path: string,
  options: { query?: Query; body?: RequestInit['body']; headers?: Record<string, string> } = {},
): Promise<Response> {
  const url = new URL(http.baseUrl + path);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const res = await fetch(url, {
    method,
    headers: {
      ...(http.token ? { authorization: `Bearer ${http.token}` } : {}),
      ...options.headers,
    },
    body: options.body,
    // A streamed request body must say it is sent while the answer may already be arriving.
    ...(options.body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  if (!res.ok) {
    const text = await res.text();
    let body: SimvaultError['body'] = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text) body = JSON.parse(text);
    throw new SimvaultError(res.status, body, method, url.pathname);
  }
  return res;
}

/** A local file (or its bytes `start` to `end`, inclusive) as a request body, read in large chunks. */
export function fileBody(path: string, range?: { start: number; end: number }): ReadableStream<Uint8Array> {
  return Readable.toWeb(
    createReadStream(path, { highWaterMark: STREAM_CHUNK_BYTES, ...range }),
  ) as unknown as ReadableStream<Uint8Array>;
}

/** Sends `data` as an octet-stream body (a file is streamed, never read whole) and reads the JSON answer. */
export async function sendContent<T>(
  http: HttpClient,
  method: string,
  path: string,
  query: Query,
  data: Content,
): Promise<T> {
  let body: RequestInit['body'];
  let length: number;
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    body = bytes as unknown as RequestInit['body'];
    length = bytes.length;
  } else {
    length = (await stat(data.path)).size;
    body = fileBody(data.path) as RequestInit['body'];
  }
  const res = await streamRequest(http, method, path, {
    query,
    body,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(length) },
  });
  return (await res.json()) as T;
}

/** The answer's body streamed to `path`. */
export async function saveTo(res: Response, path: string): Promise<{ bytes: number }> {
  return { bytes: (await saveHashedStream(bodyOf(res), path)).bytes };
}

/**
 * The answer's body streamed to `path`, hashed (sha256) as it arrives; `onBytes` sees each chunk's
 * size (a progress bar). The caller decides what a digest that does not match means.
 */
export function saveHashed(
  res: Response,
  path: string,
  onBytes?: (bytes: number) => void,
): Promise<{ bytes: number; sha256: string }> {
  return saveHashedStream(bodyOf(res), path, onBytes);
}

/**
 * Bytes written to `path` (created or truncated) in large batches while the next ones arrive and
 * are hashed (sha256): the download side of `simvault pull`, and of bench/blobs.
 */
export async function saveHashedStream(
  source: AsyncIterable<Uint8Array>,
  path: string,
  onBytes?: (bytes: number) => void,
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  const hashed = async function* () {
    for await (const chunk of source) {
      hash.update(chunk);
      onBytes?.(chunk.length);
      yield chunk;
    }
  };
  const handle = await open(path, 'w');
  try {
    const bytes = await writeBatched(handle, hashed());
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

/** A download that does not have the size and sha256 it was expected to have. */
export class DownloadMismatchError extends Error {
  constructor(
    readonly bytes: number,
    readonly sha256: string,
  ) {
    super(`arrived as ${bytes} bytes hashing to ${sha256}`);
    this.name = 'DownloadMismatchError';
  }
}

/**
 * A download into `path` that an interruption does not send back to zero: the bytes go to
 * `<path>.part`, and a part an earlier, cut download left is kept and only the rest is asked for
 * (`Range: bytes=<kept>-`). Where the server answers the whole file instead (no 206 from the kept
 * offset) it starts over. The whole file is hashed, the kept bytes read back first, and renamed
 * into place only when it has the expected size and sha256; a resumed download that does not is
 * done once more from zero (the kept part may have been damaged), then refused (the part removed).
 * `request` sends the GET with the headers given. `resumedFrom` says how many bytes were kept.
 */
export async function downloadResumable(
  request: (headers: Record<string, string>) => Promise<Response>,
  path: string,
  expected: { size: number; sha256: string | null },
  onBytes?: (bytes: number) => void,
): Promise<{ bytes: number; sha256: string; resumedFrom: number }> {
  const part = `${path}.part`;
  let kept = (await stat(part).catch(() => null))?.size ?? 0;
  if (kept > expected.size) kept = 0;
  const hash = createHash('sha256');
  if (kept > 0) {
    for await (const chunk of createReadStream(part, { highWaterMark: STREAM_CHUNK_BYTES, end: kept - 1 }))
      hash.update(chunk as Buffer);
  }
  let written = 0;
  if (kept < expected.size || expected.size === 0) {
    let res = await request(kept > 0 ? { range: `bytes=${kept}-` } : {});
    if (kept > 0 && (res.status !== 206 || !res.headers.get('content-range')?.startsWith(`bytes ${kept}-`))) {
      // Not the rest of the file: start over with the whole of it.
      await res.body?.cancel();
      kept = 0;
      res = await request({});
    }
    const whole = kept === 0 ? createHash('sha256') : hash;
    onBytes?.(kept);
    const hashed = async function* () {
      for await (const chunk of bodyOf(res)) {
        whole.update(chunk);
        onBytes?.(chunk.length);
        yield chunk;
      }
    };
    const handle = await open(part, kept > 0 ? 'a' : 'w');
    try {
      written = await writeBatched(handle, hashed());
    } finally {
      await handle.close();
    }
    return finish(whole.digest('hex'));
  }
  onBytes?.(kept);
  return finish(hash.digest('hex'));

  async function finish(sha256: string): Promise<{ bytes: number; sha256: string; resumedFrom: number }> {
    const bytes = kept + written;
    if (bytes !== expected.size || (expected.sha256 !== null && sha256 !== expected.sha256)) {
      await rm(part, { force: true });
      if (kept > 0) return downloadResumable(request, path, expected, onBytes);
      throw new DownloadMismatchError(bytes, sha256);
    }
    await rename(part, path);
    return { bytes, sha256, resumedFrom: kept };
  }
}

function bodyOf(res: Response): AsyncIterable<Uint8Array> {
  if (!res.body)
    throw new SimvaultError(res.status, 'The server sent no content.', 'GET', new URL(res.url).pathname);
  return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
}
