import { stat } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BufferTooLargeError,
  ChecksumMismatchError,
  type BufferStore,
  type StoredBuffer,
} from '../buffer-store';
import { InvalidInputError, readHexChecksum } from '../checksum';
import { UploadPromises } from './promises';

export interface HashserverOptions {
  /** Accept PUT. Without it every PUT is a 405. */
  writable: boolean;
  /** Largest JSON body /has and /buffer-length accept; default 16 MiB (about 250,000 checksums). */
  jsonLimitBytes?: number;
  /**
   * How long a GET waits for a lock file (`<checksum>.LOCK`, or `.LOCK` in the buffer's
   * directory) to go, before it is taken as stale: the reference's `--lock-timeout`, default 120 s.
   */
  lockTimeoutMs?: number;
  /** Where unexpected failures are reported (they are answered 500 without details). */
  onError?: (error: unknown, req: IncomingMessage) => void;
  /** Where a corrupt buffer found by a GET is reported. */
  onCorrupt?: (path: string, checksum: string) => void;
}

/** The reference's default `--lock-timeout`. */
export const DEFAULT_LOCK_TIMEOUT_MS = 120_000;
/** How long a promise lasts (the reference's PROMISE_TTL_SECONDS). */
const PROMISE_TTL_MS = 600_000;
/**
 * How long one GET waits for a promised upload: longer than any client waits (seamless-remote's
 * BufferClient gives up after 10 s and asks again), short enough that waiting GETs do not pile up.
 */
const PROMISE_WAIT_MS = 60_000;
const MAX_PROMISES = 100_000;
/**
 * Buffers up to this size are re-hashed before a GET answers, so a corrupt one gets the
 * reference's 400. Larger ones are verified while they stream (a corrupt one is cut short), so a
 * download never reads the disk twice.
 */
const PRECHECK_BYTES = 64 * 1024 * 1024;
/** The reference polls lock files once a second. */
const LOCK_POLL_MS = 1000;

/** How the reference names its hash in its corruption message. */
const HASH_NAME = { 'sha-256': 'SHA-256', 'sha3-256': 'SHA3-256' } as const;

/** A failure with the status and body the reference buffer server answers with. */
class Reply extends Error {
  constructor(
    readonly status: number,
    readonly body: string | object,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** The reference's shape for a value it cannot parse (FastAPI's validation error, `ctx` dropped as it drops it). */
function invalidData(loc: (string | number)[], msg: string, input: unknown, type = 'value_error'): Reply {
  return new Reply(400, { message: 'Invalid data', exception: { type, loc, msg, input } });
}

/** A checksum as the reference's validator reads it, failing with pydantic's message for a BeforeValidator. */
function checksumAt(loc: (string | number)[], value: unknown): string {
  const read = readHexChecksum(value, { evenLength: true });
  if ('error' in read) throw invalidData(loc, `Value error, ${read.error}`, value);
  return read.checksum;
}

/**
 * The buffer server's protocol ("hashserver", as Seamless clients speak it) over a BufferStore, as a
 * plain node:http request listener: `GET|HEAD /<checksum>`, `PUT /<checksum>`, `GET /has`,
 * `GET /buffer-length` (a JSON list of checksums in the body, also on GET) and `GET /healthcheck`.
 * Note the status codes of PUT: 200 when stored, 201 when the buffer already existed.
 */
export class HashserverHandler {
  private active = 0;
  private lastActivity = Date.now();
  private readonly running = new Set<Promise<void>>();
  private readonly jsonLimit: number;
  private readonly lockTimeoutMs: number;
  private readonly promises = new UploadPromises(PROMISE_TTL_MS, MAX_PROMISES);
  /** Uploads in progress, by checksum: a GET or /has of one waits for it, as the reference's do. */
  private readonly uploads = new Map<string, Promise<unknown>>();

  constructor(
    readonly store: BufferStore,
    private readonly options: HashserverOptions,
  ) {
    this.jsonLimit = options.jsonLimitBytes ?? 16 * 1024 * 1024;
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  }

  /** Milliseconds since the last request ended; 0 while any request is in progress. */
  idleMs(now = Date.now()): number {
    return this.active > 0 ? 0 : now - this.lastActivity;
  }

  readonly listener: RequestListener = (req, res) => {
    this.active += 1;
    this.lastActivity = Date.now();
    res.once('close', () => {
      this.active -= 1;
      this.lastActivity = Date.now();
    });
    const handled = this.route(req, res).catch((error: unknown) => this.fail(req, res, error));
    this.running.add(handled);
    void handled.finally(() => this.running.delete(handled));
  };

  /** Resolves once every request handled so far has finished (an interrupted upload has cleaned up). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const path = (req.url ?? '/').split('?', 1)[0];
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, PUT, POST, OPTIONS',
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Max-Age': '86400',
      });
      res.end();
      return;
    }
    const reading = method === 'GET' || method === 'HEAD';
    if (path === '/healthcheck') {
      if (!reading) throw new Reply(405, 'Method Not Allowed');
      return send(res, 200, 'OK', method);
    }
    if (path === '/has' || path === '/buffer-length') {
      // GET with a body, as Seamless clients send it; POST for HTTP clients that cannot.
      if (!reading && method !== 'POST') throw new Reply(405, 'Method Not Allowed');
      const checksums = await this.readChecksumList(req);
      // A checksum being uploaded is answered once its upload is done.
      await Promise.all([...new Set(checksums)].map((cs) => this.uploadOf(cs)));
      const answer =
        path === '/has'
          ? (await this.store.hasMany(checksums)).map((has, i) => has || this.promises.has(checksums[i]))
          : (await this.store.lengths(checksums)).map((n) => n ?? 0);
      return send(res, 200, answer, method);
    }
    const promise = /^\/promise\/([^/]*)$/.exec(path);
    if (promise) {
      if (method !== 'PUT') throw new Reply(404, 'Not found');
      this.requireWritable();
      const checksum = checksumAt(['path', 'checksum'], decodePath(promise[1]));
      if (!this.promises.add(checksum)) {
        throw new Reply(503, `Too many promised uploads at once (${MAX_PROMISES}); upload some first.`);
      }
      // The reference's JSON, as Python writes the float.
      return sendJson(res, 202, `{"checksum":"${checksum}","expires_in":${PROMISE_TTL_MS / 1000}.0}`, method);
    }
    if (path.indexOf('/', 1) !== -1) throw new Reply(404, 'Not found');
    const checksum = checksumAt(['path', 'checksum'], decodePath(path.slice(1)));
    if (reading) return this.serve(checksum, method, res);
    if (method !== 'PUT') throw new Reply(405, 'Method Not Allowed');
    this.requireWritable();
    const upload = this.store.put(checksum, req, { length: declaredLength(req) });
    this.uploads.set(checksum, upload);
    try {
      const result = await upload;
      this.promises.resolve(checksum);
      send(res, result.created ? 200 : 201, 'OK', method);
    } catch (error) {
      if (error instanceof ChecksumMismatchError) throw new Reply(400, 'Incorrect checksum');
      if (error instanceof BufferTooLargeError) throw new Reply(413, error.message);
      throw error;
    } finally {
      if (this.uploads.get(checksum) === upload) this.uploads.delete(checksum);
    }
  }

  /** Waits (at most PROMISE_WAIT_MS) for an upload of `checksum` in progress, if there is one. */
  private async uploadOf(checksum: string): Promise<void> {
    const upload = this.uploads.get(checksum);
    if (!upload) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      upload.catch(() => undefined),
      new Promise((ok) => (timer = setTimeout(ok, PROMISE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  private requireWritable(): void {
    if (!this.options.writable) {
      throw new Reply(405, 'Method Not Allowed: this buffer server is read-only (start it with --writable)');
    }
  }

  /**
   * Serves a buffer as the reference does: a missing one is waited for while it is being uploaded,
   * promised, or (a lock file says) written by another program; a stored one that does not match its checksum is
   * looked at again once no lock file is held, and answered 400 if it still does not match.
   */
  private async serve(checksum: string, method: string, res: ServerResponse): Promise<void> {
    let stored = await this.store.locate(checksum);
    if (!stored && this.uploads.has(checksum)) {
      await this.uploadOf(checksum);
      stored = await this.store.locate(checksum);
    }
    if (!stored) {
      if (!(await this.promises.wait(checksum, PROMISE_WAIT_MS))) await this.untilUnlocked(checksum);
      stored = await this.store.locate(checksum);
      if (!stored) throw new Reply(404, 'Not found');
    }
    if (stored.size <= PRECHECK_BYTES && !(await this.intact(stored))) {
      await this.untilUnlocked(checksum);
      stored = await this.store.locate(checksum);
      if (!stored) throw new Reply(404, 'Not found');
      if (!(await this.intact(stored))) {
        this.options.onCorrupt?.(stored.path, checksum);
        throw new Reply(400, {
          message: `File corruption: file at path ${stored.path} does not have the correct ${HASH_NAME[this.store.hash]} checksum.`,
        });
      }
    }
    const buffer = await this.store.read(checksum);
    if (!buffer) throw new Reply(404, 'Not found');
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': buffer.size,
      ETag: `"${checksum}"`,
    });
    if (method === 'HEAD') {
      buffer.stream.destroy();
      res.end();
      return;
    }
    // The bytes are verified again as they stream: a buffer that changed since (or one too large
    // to check first) fails before its last chunk, so the client never receives complete wrong bytes.
    pipeline(buffer.stream, res, () => undefined);
  }

  private async intact(stored: StoredBuffer): Promise<boolean> {
    return (await this.store.digest(stored).catch(() => undefined)) === stored.checksum;
  }

  /**
   * Waits while the buffer's lock file or its directory's `.LOCK` exists, each until it is older
   * than the lock timeout (then it is stale: its writer is gone), looking once a second.
   */
  private async untilUnlocked(checksum: string): Promise<void> {
    const main = this.store.directories[0];
    const file = this.store.pathIn(main, checksum);
    const dir = main.layout === 'prefix' ? join(main.path, checksum.slice(0, 2)) : main.path;
    for (const lock of [join(dir, '.LOCK'), `${file}.LOCK`]) {
      for (;;) {
        const lockStat = await stat(lock).catch(() => undefined);
        if (!lockStat || Date.now() - lockStat.mtimeMs > this.lockTimeoutMs) break;
        await sleep(LOCK_POLL_MS);
      }
    }
  }

  /** A JSON list of checksums, refused as the reference's validator refuses it. */
  private async readChecksumList(req: IncomingMessage): Promise<string[]> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.jsonLimit) throw new Reply(413, 'Request body too large');
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') throw invalidData(['body'], 'Field required', null, 'missing');
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message);
      throw invalidData(['body', at ? Number(at[1]) : 0], 'JSON decode error', {}, 'json_invalid');
    }
    if (!Array.isArray(list)) throw invalidData(['body'], 'Input should be a valid list', list, 'list_type');
    return list.map((item, i) => checksumAt(['body', i], item));
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    if (error instanceof Reply) return send(res, error.status, error.body, req.method);
    if (error instanceof InvalidInputError) return send(res, 400, error.message, req.method);
    if (req.destroyed) return; // the client went away mid-request: nobody to answer
    this.options.onError?.(error, req);
    send(res, 500, 'Internal Server Error', req.method);
  }
}

/** A path segment as the reference's router hands it over: percent-decoded. */
function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A body's length as its Content-Length announces it (undefined without one, as when chunked). */
export function declaredLength(req: Pick<IncomingMessage, 'headers'>): number | undefined {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) ? length : undefined;
}

function sendJson(res: ServerResponse, status: number, json: string, method: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(method === 'HEAD' ? undefined : json);
}

function send(res: ServerResponse, status: number, body: string | object, method = 'GET'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(method === 'HEAD' ? undefined : text);
}
