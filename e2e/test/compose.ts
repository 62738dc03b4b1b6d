import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';

export const ROOT = resolve(__dirname, '../..');
const POSTGRES = process.env.SIMVAULT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.SIMVAULT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Which setting moves each container port when it runs natively. */
const PORT_SETTINGS: Record<number, string> = {
  8000: 'SIMVAULT_AUTH_PORT',
  8001: 'SIMVAULT_CACHE_PORT',
  8002: 'SIMVAULT_CATALOG_PORT',
  8003: 'SIMVAULT_RESULTS_PORT',
  8004: 'SIMVAULT_FILES_PORT',
  5522: 'SIMVAULT_SEAMLESS_PORT',
  8005: 'SIMVAULT_CONSOLE_PORT',
};

interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, unknown> | string[];
  profiles?: string[];
}

export interface RunningApp {
  name: string;
  /** Container port → the host URL it is reachable on. */
  urls: Record<number, string>;
  /** The URL of its first published port (its HTTP API). */
  url: string;
  child: ChildProcess;
  output: () => string;
}

export interface Topology {
  apps: Record<string, RunningApp>;
  env: Record<string, string>;
  queuePrefix: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** `${VAR}`, `${VAR:-default}` and `${VAR:?message}` as docker compose expands them. */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    const v = vars[name];
    if (op === '?' && !v) throw new Error(`docker-compose.yml requires ${name}: ${arg}`);
    if (op === '-' && !v) return arg ?? '';
    return v ?? '';
  });
}

async function admin(sql: string) {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function readCompose(): { services: Record<string, ComposeService> } {
  return parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
}

/** The app services of docker-compose.yml (`node apps/<service>/dist/main.js`) in start order, dependencies first. */
export function composeApps(): [string, ComposeService][] {
  const compose = readCompose();
  const apps = Object.entries(compose.services).filter(
    ([name, s]) => !s.profiles && s.command?.[0] === 'node' && s.command[1] === `apps/${name}/dist/main.js`,
  );
  const names = new Set(apps.map(([n]) => n));
  const order: [string, ComposeService][] = [];
  const visit = (name: string) => {
    if (order.some(([n]) => n === name) || !names.has(name)) return;
    const service = compose.services[name];
    const deps = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    deps.forEach(visit);
    order.push([name, service]);
  };
  apps.forEach(([n]) => visit(n));
  return order;
}

/** The container ports of each app, as the gateway's routes (`--route=8001=cache:8001`) name them. */
export function gatewayRoutes(): Record<string, number[]> {
  const routes: Record<string, number[]> = {};
  for (const arg of readCompose().services.gateway.command ?? []) {
    const route = /^--route=\d+=(\w+):(\d+)$/.exec(arg);
    if (route) (routes[route[1]] ??= []).push(Number(route[2]));
  }
  return routes;
}

/**
 * Starts each app of docker-compose.yml as its own process with the environment compose gives it:
 * service hosts (postgres, redis, the apps) are 127.0.0.1, each database is a fresh one on the local
 * PostgreSQL, volumes and secrets (`/run/secrets/<name>`, from `secrets`) are temporary files, the
 * object store (the objectstore service) runs natively too, and each port the gateway routes to is
 * a free local port.
 */
export async function startTopology(
  vars: Record<string, string>,
  secrets: Record<string, string>,
): Promise<Topology> {
  const run = randomBytes(4).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'simvault-e2e-data-'));
  const runsDir = mkdtempSync(join(tmpdir(), 'simvault-e2e-runs-'));
  const secretsDir = mkdtempSync(join(tmpdir(), 'simvault-e2e-secrets-'));
  for (const [name, value] of Object.entries(secrets))
    writeFileSync(join(secretsDir, name), `${value}\n`, { mode: 0o600 });
  const routes = gatewayRoutes();
  const queuePrefix = `e2e-${run}`;
  const databases = new Map<string, string>();
  const apps: Record<string, RunningApp> = {};
  const sharedEnv: Record<string, string> = {};

  let objectStore: { url: string; child: ChildProcess } | undefined;
  const nativeEnv = async (environment: ComposeService['environment']) => {
    const env: Record<string, string> = {};
    for (const [key, raw] of Object.entries(environment ?? {})) {
      let value = interpolate(String(raw ?? ''), vars);
      const url = /^postgres(ql)?:\/\/[^@]*@postgres:\d+\/(\w+)$/.exec(value);
      if (url) {
        if (!databases.has(url[2])) {
          const name = `e2e_${run}_${url[2]}`;
          await admin(`CREATE DATABASE "${name}"`);
          databases.set(url[2], name);
        }
        const target = new URL(POSTGRES);
        target.pathname = `/${databases.get(url[2])}`;
        value = target.toString();
      }
      if (/^redis:\/\/redis(:\d+)?$/.test(value)) value = REDIS;
      if (objectStore && value === 'http://objectstore:9000') value = objectStore.url;
      if (key === 'SIMVAULT_HOST') value = '127.0.0.1';
      if (key === 'SIMVAULT_DATA_DIR') value = dataDir;
      if (key === 'SIMVAULT_RUN_ROOTS') value = runsDir;
      // `auth=http://auth:8000,...`: the compose network's names, here each app's native port.
      if (key === 'SIMVAULT_CONSOLE_UPSTREAMS')
        value = value.replace(
          /(\w+)=http:\/\/\w+:\d+/g,
          (_, app: string) => `${app}=http://127.0.0.1:${sharedEnv[`SIMVAULT_${app.toUpperCase()}_PORT`]}`,
        );
      const secret = /^\/run\/secrets\/(\w+)$/.exec(value);
      if (secret) value = join(secretsDir, secret[1]);
      env[key] = value;
    }
    return env;
  };

  const stop = async () => {
    await Promise.all(
      [...Object.values(apps), ...(objectStore ? [objectStore] : [])].map(
        (app) =>
          new Promise<void>((ok) => {
            if (app.child.exitCode !== null) return ok();
            app.child.once('exit', () => ok());
            app.child.kill('SIGTERM');
          }),
      ),
    );
    for (const name of databases.values()) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(runsDir, { recursive: true, force: true });
    rmSync(secretsDir, { recursive: true, force: true });
  };

  try {
    // The object store (docker/object-store) first: the apps that keep bytes keep them there.
    const store = readCompose().services.objectstore;
    if (store) {
      const port = await freePort();
      const env = await nativeEnv(store.environment);
      env.OBJECT_STORE_DIR = mkdtempSync(join(dataDir, 'object-store-'));
      const child = spawn(process.execPath, store.command!.slice(1), {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          ...env,
          OBJECT_STORE_ADDRESS: '127.0.0.1',
          OBJECT_STORE_PORT: String(port),
        },
        stdio: 'ignore',
      });
      objectStore = { url: `http://127.0.0.1:${port}`, child };
      const deadline = Date.now() + 30_000;
      while (
        !(await fetch(`${objectStore.url}/minio/health/live`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`the object store did not start (exit ${child.exitCode})`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    for (const [name, service] of composeApps()) {
      const env = await nativeEnv(service.environment);
      env.SIMVAULT_QUEUE_PREFIX = queuePrefix;
      const urls: Record<number, string> = {};
      for (const container of routes[name] ?? []) {
        const setting = PORT_SETTINGS[container];
        if (!setting) throw new Error(`${name}: no setting moves container port ${container}`);
        const port = await freePort();
        env[setting] = String(port);
        urls[container] = `http://127.0.0.1:${port}`;
      }
      Object.assign(sharedEnv, env);
      const child = spawn(process.execPath, service.command!.slice(1), {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
      });
      let output = '';
      child.stdout!.on('data', (c) => (output += c));
      child.stderr!.on('data', (c) => (output += c));
      const health = urls[routes[name][0]];
      apps[name] = { name, urls, url: health, child, output: () => output };
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
        const ok = await fetch(`${health}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`${name} did not become healthy:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { apps, env: sharedEnv, queuePrefix, stop };
}
