import { lookup } from 'node:dns/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Command } from 'commander';
import { createLogger, type Logger } from '@simvault/core';

export interface GatewayRoute {
  /** Port the gateway listens on. */
  port: number;
  /** Names (a compose service: every replica's address) or addresses of the upstream. */
  hosts: string[];
  upstreamPort: number;
}

/** `8001=cache:8001` (or `8001=a,b:8001`) → a route. */
export function parseRoute(text: string): GatewayRoute {
  const match = /^(\d{1,5})=([A-Za-z0-9._,-]+):(\d{1,5})$/.exec(text);
  if (!match) throw new Error(`A route is "<port>=<host>:<port>", e.g. 8001=cache:8001 (got "${text}").`);
  const [port, upstreamPort] = [Number(match[1]), Number(match[3])];
  if (port > 65535 || upstreamPort > 65535) throw new Error(`"${text}" names a port above 65535.`);
  return { port, hosts: match[2].split(',').filter(Boolean), upstreamPort };
}

/** Every address of every upstream name, looked up now; a name that does not resolve adds none. */
async function addressesOf(hosts: string[]): Promise<string[]> {
  const found = await Promise.all(hosts.map((h) => lookup(h, { all: true }).catch(() => [])));
  return found.flat().map((a) => a.address);
}

/**
 * A TCP gateway in front of scaled apps: every connection goes to the next address the upstream
 * name resolves to (docker's DNS answers every replica of a compose service), looked up anew for
 * each connection, so replicas added or removed are used or skipped at once. Byte-for-byte, so it
 * carries HTTP, uploads and the seamless-database protocol alike. An upstream that refuses is
 * skipped for the next address.
 */
export async function startGateway(
  routes: GatewayRoute[],
  host: string,
  logger: Logger,
): Promise<{ servers: Server[]; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  for (const route of routes) {
    let next = 0;
    const server = createServer((client) => {
      sockets.add(client);
      client.once('close', () => sockets.delete(client));
      client.on('error', () => client.destroy());
      client.pause();
      void (async () => {
        const addresses = await addressesOf(route.hosts);
        const start = next++;
        for (let i = 0; i < addresses.length && !client.destroyed; i++) {
          const address = addresses[(start + i) % addresses.length];
          const upstream = await connect(address, route.upstreamPort).catch(() => undefined);
          if (!upstream) continue;
          sockets.add(upstream);
          upstream.once('close', () => sockets.delete(upstream));
          upstream.on('error', () => client.destroy());
          client.on('error', () => upstream.destroy());
          client.once('close', () => upstream.destroy());
          upstream.once('close', () => client.destroy());
          client.pipe(upstream).pipe(client);
          client.resume();
          return;
        }
        logger.warn({ upstream: `${route.hosts.join(',')}:${route.upstreamPort}` }, 'no upstream answers');
        client.destroy();
      })();
    });
    await new Promise<void>((ok, fail) => server.once('error', fail).listen(route.port, host, ok));
    servers.push(server);
  }
  const close = async () => {
    await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
    for (const socket of sockets) socket.destroy();
  };
  return { servers, close };
}

function connect(address: string, port: number): Promise<Socket> {
  return new Promise((ok, fail) => {
    const socket = createConnection({ host: address, port });
    socket.once('connect', () => ok(socket)).once('error', fail);
  });
}

/** `simvault gateway --route 8001=cache:8001 …`: docker-compose.yml's one published entry point. */
export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description(
      'Forward each listening port to every replica of an upstream in turn (docker-compose.yml publishes the apps through it, so they can be scaled).',
    )
    .requiredOption(
      '--route <port=host:port>',
      'listen on <port> and forward to <host>:<port>; <host> may be several, comma-separated (repeat for each route)',
      (value: string, routes: GatewayRoute[] = []) => [...routes, parseRoute(value)],
    )
    // Its own flags, not the platform's configuration: it holds no secret and opens no database.
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--log-level <level>', 'pino level', 'info')
    .action(async (options: { route: GatewayRoute[]; host: string; logLevel: string }) => {
      const logger = createLogger(options.logLevel).child({ service: 'gateway' });
      const gateway = await startGateway(options.route, options.host, logger);
      logger.info(
        {
          routes: options.route.map(
            (r) => `${options.host}:${r.port} → ${r.hosts.join(',')}:${r.upstreamPort}`,
          ),
        },
        'gateway listening',
      );
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        process.once(signal, () => void gateway.close().then(() => process.exit(0)));
    });
}
