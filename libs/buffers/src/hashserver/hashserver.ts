import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { ChecksumMismatchError, type BufferStore } from '../buffer-store';
import { InvalidInputError, parseChecksum } from '../checksum';

export interface HashserverOptions {
  /** Accept PUT. Without it every PUT is a 405. */
  writable: boolean;
  /** Largest JSON body /has and /buffer-length accept; default 16 MiB (about 250,000 checksums). */
  jsonLimitBytes?: number;
  /** Where unexpected failures are reported (they are answered 500 without details). */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

/** A failure with the status and body the reference buffer server answers with. */
class Reply extends Error {
  constructor(
    readonly status: number,
    readonly body: string | object,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** The reference's shape for a value it cannot parse (FastAPI's validation error, trimmed). */
function invalidData(loc: (string | number)[], error: unknown, input: unknown): Reply {
  const msg = error instanceof Error ? error.message : String(error);
  return new Reply(400, { message: 'Invalid data', exception: { type: 'value_error', loc, msg, input } });
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

  constructor(
    readonly store: BufferStore,
    private readonly options: HashserverOptions,
  ) {
    this.jsonLimit = options.jsonLimitBytes ?? 16 * 1024 * 1024;
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
      const answer =
        path === '/has'
          ? await this.store.hasMany(checksums)
          : (await this.store.lengths(checksums)).map((n) => n ?? 0);
      return send(res, 200, answer, method);
    }
    if (path.indexOf('/', 1) !== -1) throw new Reply(404, 'Not found');
    let checksum: string;
    try {
      checksum = parseChecksum(path.slice(1));
    } catch (error) {
      throw invalidData(['path', 'checksum'], error, path.slice(1));
    }
    if (reading) return this.serve(checksum, method, res);
    if (method !== 'PUT') throw new Reply(405, 'Method Not Allowed');
    if (!this.options.writable) {
      throw new Reply(405, 'Method Not Allowed: this buffer server is read-only (start it with --writable)');
    }
    try {
      const result = await this.store.put(checksum, req);
      send(res, result.created ? 200 : 201, 'OK', method);
    } catch (error) {
      if (error instanceof ChecksumMismatchError) throw new Reply(400, 'Incorrect checksum');
      throw error;
    }
  }

  private async serve(checksum: string, method: string, res: ServerResponse): Promise<void> {
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
    // A corrupt buffer fails the stream before its last chunk: the response is cut short, so
    // the client sees a failed transfer, never complete wrong bytes. The store logs it.
    pipeline(buffer.stream, res, () => undefined);
  }

  private async readChecksumList(req: IncomingMessage): Promise<string[]> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.jsonLimit) throw new Reply(413, 'Request body too large');
      chunks.push(chunk);
    }
    let list: unknown;
    try {
      list = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      throw invalidData(['body'], new Error(`The body is not JSON: ${(error as Error).message}`), null);
    }
    if (!Array.isArray(list)) {
      throw invalidData(['body'], new Error('The body must be a JSON list of checksums'), list);
    }
    return list.map((item, i) => {
      try {
        return parseChecksum(item);
      } catch (error) {
        throw invalidData(['body', i], error, item);
      }
    });
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

function send(res: ServerResponse, status: number, body: string | object, method = 'GET'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(method === 'HEAD' ? undefined : text);
}
