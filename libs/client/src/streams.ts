import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
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
    body = Readable.toWeb(createReadStream(data.path)) as unknown as RequestInit['body'];
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
  if (!res.body)
    throw new SimvaultError(res.status, 'The server sent no content.', 'GET', new URL(res.url).pathname);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(path));
  return { bytes: (await stat(path)).size };
}

/**
 * The answer's body streamed to `path`, hashed (sha256) as it arrives; `onBytes` sees each chunk's
 * size (a progress bar). The caller decides what a digest that does not match means.
 */
export async function saveHashed(
  res: Response,
  path: string,
  onBytes?: (bytes: number) => void,
): Promise<{ bytes: number; sha256: string }> {
  if (!res.body)
    throw new SimvaultError(res.status, 'The server sent no content.', 'GET', new URL(res.url).pathname);
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = async function* (source: AsyncIterable<Uint8Array>) {
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(chunk.length);
      yield chunk;
    }
  };
  await pipeline(
    Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
    counted,
    createWriteStream(path),
  );
  return { bytes, sha256: hash.digest('hex') };
}
