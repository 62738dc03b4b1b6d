import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientAddress, type NetworkList } from '@simvault/core';
import type { ProtocolResponse, SeamlessProtocol } from './seamless-protocol';

/** Where the listener reports (a pino logger fits). */
export interface SeamlessListenerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SeamlessListenerOptions {
  host: string;
  /** 0 picks any free port (see `port` once listening). */
  port: number;
  bodyLimitBytes: number;
  /**
   * The client networks a PUT is accepted from (403 from anywhere else); without it, whoever
   * reaches the port may write, as with the reference server.
   */
  writers?: NetworkList;
  /** Called on every request, healthchecks included (the executable's idle timeout). */
  onActivity?: () => void;
  /**
   * Refused requests with their reason (info; a refused write warns), withdrawn results (info)
   * and unexpected failures such as a database down (error; the client only gets a 500).
   */
  log?: SeamlessListenerLog;
}

const TEXT = 'text/plain; charset=utf-8';

/**
 * The seamless-database wire protocol on a plain `node:http` server. The protocol has no routing
 * (GET and PUT with a JSON body on any path), so Express would add only its per-request cost:
 * measured here, several times the whole cost of a cache hit (see docs/seamless.md).
 */
export class SeamlessListener {
  private readonly server: Server;

  constructor(
    private readonly protocol: SeamlessProtocol,
    private readonly options: SeamlessListenerOptions,
  ) {
    this.server = createServer((req, res) => this.onRequest(req, res));
  }

  /** Starts listening (on `port`, default the configured one); rejects when the port is taken. */
  listen(port = this.options.port): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      this.server.once('error', fail);
      this.server.listen(port, this.options.host, () => {
        this.server.off('error', fail);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get port(): number | undefined {
    return (this.server.address() as AddressInfo | null)?.port;
  }

  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then drops what is left. */
  close(graceMs = 5000): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
      timer.unref();
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }

  private report(answer: ProtocolResponse, method: string, remote: string) {
    const log = this.options.log;
    if (!log) return;
    if (answer.contested) {
      log.info({ ...answer.contested, remote }, 'seamless-database result withdrawn (contest)');
    } else if (answer.status >= 400 && answer.status !== 404) {
      log.info(
        { method, status: answer.status, answer: answer.body, reason: answer.detail, remote },
        'seamless-database request refused',
      );
    }
  }

  private onRequest(req: IncomingMessage, res: ServerResponse) {
    this.options.onActivity?.();
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method !== 'GET' && method !== 'PUT') {
      send(res, 405, 'ERROR: Method Not Allowed', { Allow: 'GET,HEAD,PUT' });
      return;
    }
    if (method === 'GET' && isHealthcheck(req.url)) {
      send(res, 200, 'OK');
      return;
    }
    if (method === 'PUT' && !this.protocol.writable) {
      // Answered without reading the body (Node discards it), like the reference.
      send(res, 405, 'ERROR: Database server is read-only');
      return;
    }
    const remote = clientAddress(req.socket.remoteAddress ?? '');
    if (method === 'PUT' && this.options.writers && !this.options.writers.allows(remote)) {
      this.options.log?.warn(
        { remote, networks: this.options.writers.networks },
        'seamless-database write refused: the client is outside the networks writes are accepted from',
      );
      send(res, 403, `ERROR: Writes are not accepted from ${remote}`);
      return;
    }
    const limit = this.options.bodyLimitBytes;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      tooLarge(res, limit);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // A client that goes away mid-request is nobody's error.
    req.on('error', () => undefined);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (!res.headersSent) {
        chunks.length = 0;
        // Sent at once; "Connection: close" makes Node drop the rest of the body with the socket.
        tooLarge(res, limit);
      }
    });
    req.on('end', () => {
      if (res.headersSent) return;
      this.protocol.handle(method, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).then(
        (answer) => {
          this.report(answer, method, remote);
          send(res, answer.status, answer.body);
        },
        (error: unknown) => {
          this.options.log?.error({ err: error, remote }, 'seamless-database request failed');
          send(res, 500, 'ERROR: Internal server error');
        },
      );
    });
  }
}

function isHealthcheck(url: string | undefined): boolean {
  if (!url?.startsWith('/healthcheck')) return false;
  return url.length === 12 || url[12] === '?';
}

function tooLarge(res: ServerResponse, limit: number) {
  send(res, 413, `ERROR: Request body too large (the limit is ${limit} bytes)`, { Connection: 'close' });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': TEXT, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
