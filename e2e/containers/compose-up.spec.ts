// `docker-compose up` for real: the repository's docker-compose.yml and docker/Dockerfile, every
// service in its own container, driven through the gateway's published 127.0.0.1 ports. Run by
// .ci/run after the suite (`npx jest -c e2e/containers/jest.config.js`); needs root and a Docker
// engine with docker-compose 1.29. Where no image registry is reachable it builds the base images
// from Debian packages (docker/local-base/build.sh, kept between runs: one set, tagged by the hash
// of that folder) unless SIMVAULT_NODE_IMAGE, SIMVAULT_POSTGRES_IMAGE and SIMVAULT_REDIS_IMAGE
// name others; dependencies are installed outside the build (SIMVAULT_DEPS=prepared) unless
// SIMVAULT_DEPS=registry. Everything else it makes (containers, images, volumes, network) it removes.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthClient, CacheClient } from '@simvault/client';
import { RunDatabase } from '@simvault/run-db';
import { ROOT } from '../test/compose';
import { teamFlow } from '../test/team-flow';
import { ComposeProject, imageIds, sh } from './docker';

const ADMIN_PASSWORD = `admin-${randomBytes(6).toString('hex')}`;
const DEPS = process.env.SIMVAULT_DEPS ?? 'prepared';

/** A value for each app setting of docker/.env.example, none of them its default. */
const SETTINGS: Record<string, string> = {
  SIMVAULT_LOG_LEVEL: 'warn',
  SIMVAULT_ANONYMOUS_SESSIONS: 'false',
  SIMVAULT_SESSION_TTL_SECONDS: '7200',
  SIMVAULT_LOGIN_ATTEMPTS_PER_MINUTE: '50',
  SIMVAULT_TRUSTED_PROXIES: '192.0.2.1',
  SIMVAULT_CACHE_MAX_ENTRIES: '100000',
  SIMVAULT_CACHE_MAX_SIZE_BYTES: '10000000000',
  SIMVAULT_FILES_MAX_UPLOAD_BYTES: '1073741824',
  SIMVAULT_MAX_RUN_FILE_BYTES: '1073741824',
  SIMVAULT_RUN_MIGRATIONS: 'true',
  SIMVAULT_ADMIN_USER: 'admin',
  SIMVAULT_SEAMLESS_WRITABLE: 'false',
  SIMVAULT_SEAMLESS_WRITE_FROM: '',
};
const APPS = ['auth', 'cache', 'catalog', 'results', 'files', 'console'];
/** Container port of each app's HTTP API, as the gateway routes it. */
const PORT: Record<string, number> = {
  auth: 8000,
  cache: 8001,
  catalog: 8002,
  results: 8003,
  files: 8004,
  console: 8005,
};

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

jest.setTimeout(30 * 60_000);

describe('docker-compose up: the platform in containers', () => {
  const started = Date.now();
  const timings: Record<string, number> = {};
  const imagesBefore = imageIds();
  const dir = mkdtempSync(join(tmpdir(), 'simvault-containers-'));
  const runs = join(dir, 'runs');
  const secrets = join(dir, 'secrets');
  const published: Record<number, number> = {};
  const image = `simvault-ci/app:${randomBytes(4).toString('hex')}`;
  let project: ComposeProject;
  const url = (_service: string, port: number) => `http://127.0.0.1:${published[port]}`;

  beforeAll(async () => {
    let bases = ['SIMVAULT_NODE_IMAGE', 'SIMVAULT_POSTGRES_IMAGE', 'SIMVAULT_REDIS_IMAGE']
      .map((name) => `${name}=${process.env[name] ?? ''}`)
      .join('\n');
    if (!process.env.SIMVAULT_NODE_IMAGE) {
      const since = Date.now();
      bases = await sh('bash', ['docker/local-base/build.sh']);
      timings['base images (built or cached)'] = seconds(since);
    }
    if (DEPS === 'prepared') await sh('bash', ['docker/prepared/prepare.sh']);

    mkdirSync(secrets);
    mkdirSync(runs);
    for (const [name, value] of [
      ['jwt_secret', randomBytes(48).toString('base64')],
      ['postgres_password', randomBytes(24).toString('base64')],
      ['admin_password', ADMIN_PASSWORD],
      ['s3_access_key_id', `simvault-${randomBytes(4).toString('hex')}`],
      ['s3_secret_access_key', randomBytes(30).toString('base64')],
    ]) {
      const file = join(secrets, name);
      writeFileSync(file, `${value}\n`, { flag: 'w', mode: 0o600 });
      // The apps run as the image's node user (uid 1000), as docker/secrets/README.md says.
      chownSync(file, 1000, 1000);
    }
    chmodSync(runs, 0o755);
    const envFile = join(dir, 'env');
    writeFileSync(
      envFile,
      [
        ...Object.entries(SETTINGS).map(([k, v]) => `${k}=${v}`),
        bases.trim(),
        `SIMVAULT_DEPS=${DEPS}`,
        `SIMVAULT_IMAGE=${image}`,
        `SIMVAULT_SECRETS_DIR=${secrets}`,
        `SIMVAULT_RUNS_HOST_DIR=${runs}`,
        // Port 0: docker picks a free one for each (other programs on this machine hold the standard ones).
        ...['AUTH', 'CACHE', 'CATALOG', 'RESULTS', 'FILES', 'CONSOLE', 'SEAMLESS'].map(
          (p) => `SIMVAULT_${p}_PUBLISHED_PORT=0`,
        ),
        '',
      ].join('\n'),
    );
    project = new ComposeProject(`simvaultci${randomBytes(4).toString('hex')}`, envFile);
    let since = Date.now();
    await project.run('build', 'auth');
    timings['image build'] = seconds(since);
    since = Date.now();
    await project.run('up', '-d', '--no-build');
    await project.waitHealthy();
    for (const port of [8000, 8001, 8002, 8003, 8004, 8005, 5522]) {
      const address = (await project.run('port', 'gateway', String(port))).trim();
      published[port] = Number(/^127\.0\.0\.1:(\d+)$/.exec(address)?.[1]);
      expect([port, published[port]]).toEqual([port, expect.any(Number)]);
    }
    timings['up -d until every healthcheck is green'] = seconds(since);
  });

  afterAll(async () => {
    await project?.run('down', '-v', '--remove-orphans', '--timeout', '10').catch(() => undefined);
    // Every image this run made (the app image and the build's intermediate ones); the base images stay.
    for (const id of imageIds())
      if (!imagesBefore.has(id)) await sh('docker', ['rmi', '-f', id]).catch(() => undefined);
    await sh('bash', ['docker/prepared/prepare.sh', '--clean']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    timings['whole test'] = seconds(started);
    console.log(`container test timings (s): ${JSON.stringify(timings)}`);
  });

  it('runs PostgreSQL, Redis, the object store, every app and the gateway each in its own container, publishing on 127.0.0.1 only', async () => {
    const services = (await project.services()).sort();
    expect(services).toEqual([...APPS, 'gateway', 'objectstore', 'postgres', 'redis'].sort());
    for (const service of services)
      expect([service, (await project.containers(service)).length]).toEqual([service, 1]);
    for (const app of APPS) {
      const [id] = await project.containers(app);
      expect([app, (await sh('docker', ['port', id])).trim()]).toEqual([app, '']);
      const health = (await (await fetch(`${url(app, PORT[app])}/health`)).json()) as Record<string, unknown>;
      // The console keeps no database.
      expect(health).toMatchObject(
        app === 'console'
          ? { status: 'healthy', service: app }
          : { status: 'healthy', service: app, backend: 'postgresql' },
      );
    }
    const [objectStore] = await project.containers('objectstore');
    expect((await sh('docker', ['port', objectStore])).trim()).toBe('');
    const [gateway] = await project.containers('gateway');
    const ports = (await sh('docker', ['port', gateway])).trim().split('\n');
    expect(ports).toHaveLength(7);
    for (const line of ports) expect(line).toMatch(/ -> 127\.0\.0\.1:\d+$/);
  });

  it("gives every app docker/.env.example's settings, and the secrets as files only", async () => {
    const example = readFileSync(join(ROOT, 'docker/.env.example'), 'utf8');
    const config = readFileSync(join(ROOT, 'libs/core/src/config/config.ts'), 'utf8');
    const appSettings = [...example.matchAll(/^(SIMVAULT_[A-Z0-9_]+)=/gm)]
      .map((m) => m[1])
      .filter((name) => config.includes(`'${name}'`) || name in SETTINGS);
    expect(appSettings.filter((name) => !(name in SETTINGS))).toEqual([]);
    for (const app of APPS) {
      const env = await project.env((await project.containers(app))[0]);
      for (const name of appSettings) expect([app, name, env[name]]).toEqual([app, name, SETTINGS[name]]);
      expect(env).toMatchObject({
        SIMVAULT_JWT_SECRET_FILE: '/run/secrets/jwt_secret',
        SIMVAULT_DATABASE_PASSWORD_FILE: '/run/secrets/postgres_password',
      });
      expect(Object.keys(env).filter((k) => /SECRET$|PASSWORD$/.test(k))).toEqual([]);
      expect(env.SIMVAULT_AUTH_DATABASE_URL).toBe('postgres://simvault@postgres:5432/simvault_auth');
    }
    // And they take effect: a login lasts SIMVAULT_SESSION_TTL_SECONDS.
    const login = await new AuthClient(url('auth', 8000)).login('admin', ADMIN_PASSWORD);
    const ttl = (Date.parse(login.expires_at) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(7000);
    expect(ttl).toBeLessThanOrEqual(7200);
  });

  it('carries the team flow through the published ports', async () => {
    await teamFlow(url, runs, ADMIN_PASSWORD);
  });

  it('keeps the seamless-database port read-only unless the operator opens it', async () => {
    const wire = `http://127.0.0.1:${published[5522]}`;
    expect(await (await fetch(`${wire}/healthcheck`)).text()).toBe('OK');
    const put = await fetch(wire, {
      method: 'PUT',
      body: JSON.stringify({
        type: 'transformation',
        checksum: randomBytes(32).toString('hex'),
        value: randomBytes(32).toString('hex'),
      }),
    });
    expect(put.status).toBe(405);
  });

  const storeEntry = (client: CacheClient, key: string) =>
    client.set({
      cache_key: key,
      simulation_id: 1,
      simulation_name: 'burst',
      simulation_version: '1.0.0',
      execution_id: key,
      squid_id: `burst/1.0.0/${key}`,
      input_hash: key,
      run_db_path: `/runs/${key}.db`,
      compute_seconds: 1,
    });

  it('scales the cache to 3 replicas behind the gateway, sharing one state', async () => {
    const since = Date.now();
    await project.run('up', '-d', '--no-build', '--scale', 'cache=3');
    await project.waitHealthy();
    timings['scale cache=3'] = seconds(since);
    const replicas = await project.containers('cache');
    expect(replicas).toHaveLength(3);

    const dora = new CacheClient(url('cache', 8001));
    await dora.login('dora', 'dora-password');
    await storeEntry(dora, 'scaled/shared');
    // Each replica, asked on its own loopback, answers the entry stored through the gateway.
    const ask = (id: string) =>
      project.nodeIn(
        id,
        `fetch('http://127.0.0.1:8001/cache/scaled/shared',{headers:{'x-session-id':'${dora.token}'}})` +
          `.then(async r=>console.log(r.status,r.ok?(await r.json()).execution_id:''))`,
      );
    for (const id of replicas) expect(await ask(id)).toBe('200 scaled/shared');
    // An invalidation through one replica reaches every replica's read cache (Redis broadcasts).
    await dora.invalidate({ simulation_id: 1, reason: 'scaled' });
    for (const id of replicas) {
      let answer = '';
      for (let i = 0; i < 20 && answer !== '404'; i++) {
        answer = await ask(id);
        if (answer !== '404') await new Promise((r) => setTimeout(r, 250));
      }
      expect(answer).toBe('404');
    }
  });

  it('restarts a replica during a burst of writes and loses none that was acknowledged', async () => {
    const dora = new CacheClient(url('cache', 8001));
    await dora.login('dora', 'dora-password');
    const [victim] = await project.containers('cache');
    const acknowledged: string[] = [];
    let refused = 0;
    let stopping: Promise<number> | undefined;
    let next = 0;
    const worker = async () => {
      while (next < 400) {
        const key = `burst/${next++}`;
        if (next === 100)
          stopping = (async () => {
            const since = Date.now();
            await sh('docker', ['stop', '-t', '10', victim]);
            return seconds(since);
          })();
        try {
          await storeEntry(dora, key);
          acknowledged.push(key);
        } catch {
          refused++;
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const stopSeconds = await stopping!;
    timings['docker stop of a cache replica mid-burst'] = stopSeconds;
    expect(stopSeconds).toBeLessThan(10);
    // Exited on SIGTERM by itself (0), not killed at the end of the grace period (137).
    expect((await sh('docker', ['inspect', '-f', '{{.State.ExitCode}}', victim])).trim()).toBe('0');
    await sh('docker', ['start', victim]);
    await project.waitHealthy();
    expect(acknowledged.length).toBeGreaterThan(300);
    const reader = new CacheClient(url('cache', 8001));
    await reader.login('uli', 'uli-password');
    const missing: string[] = [];
    for (const key of acknowledged) if ((await reader.get(key))?.execution_id !== key) missing.push(key);
    expect({ missing, refused: refused < 100 }).toEqual({ missing: [], refused: true });
  });

  it('keeps bytes in the object store: what one replica took in, another serves', async () => {
    const since = Date.now();
    await project.run(
      'up',
      '-d',
      '--no-build',
      '--scale',
      'cache=3',
      '--scale',
      'results=2',
      '--scale',
      'files=2',
    );
    await project.waitHealthy();
    timings['scale results=2 files=2'] = seconds(since);
    const [resultsOne, resultsTwo] = await project.containers('results');
    const [filesOne, filesTwo] = await project.containers('files');
    expect([resultsTwo, filesTwo]).toEqual([expect.any(String), expect.any(String)]);
    const uli = new AuthClient(url('auth', 8000));
    await uli.login('uli', 'uli-password');
    /** Runs `body` (an async function's statements) in a container, against its own 127.0.0.1. */
    const inside = (id: string, body: string) =>
      project.nodeIn(
        id,
        `const T=${JSON.stringify(uli.token)};const h=(b)=>require('crypto').createHash('sha256').update(Buffer.from(b)).digest('hex');` +
          `(async()=>{${body}})().catch(e=>{console.log('failed:',e.message);process.exit(1)})`,
      );
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    /** Whether a container's own disk holds a file whose path contains `part`. */
    const onDisk = async (id: string, part: string) =>
      (await sh('docker', ['exec', id, 'find', '/data', '-path', `*${part}*`, '-type', 'f'])).trim() !== '';

    // A run file with an inline artifact, uploaded to the first results replica.
    const executionId = `exec-shared-${randomBytes(4).toString('hex')}`;
    const field = randomBytes(300_000);
    const runPath = join(dir, `${executionId}.db`);
    const run = RunDatabase.open(runPath);
    run.initializeRun('thermal_sim', '1.0.0', { executorType: 'local' });
    run.saveArtifact('field.bin', { data: field }, { category: 'output' });
    run.completeRun('completed', { durationSeconds: 1 });
    run.close();
    await sh('docker', ['cp', runPath, `${resultsOne}:/tmp/upload.db`]);
    const uploaded = await inside(
      resultsOne,
      `const r=await fetch('http://127.0.0.1:8003/register/upload',{method:'POST',headers:{authorization:'Bearer '+T,'content-type':'application/octet-stream'},body:require('fs').readFileSync('/tmp/upload.db')});` +
        `console.log(r.status,(await r.json()).checksum)`,
    );
    expect(uploaded).toMatch(/^200 [0-9a-f]{64}$/);
    const checksum = uploaded.slice(4);
    expect(
      await inside(
        resultsTwo,
        `const r=await fetch('http://127.0.0.1:8003/results/${executionId}',{headers:{authorization:'Bearer '+T}});console.log((await r.json()).run_file.checksum)`,
      ),
    ).toBe(checksum);
    // Each replica has a disk of its own: the second holds no copy until it is asked for one.
    expect(await onDisk(resultsOne, checksum)).toBe(true);
    expect(await onDisk(resultsTwo, checksum)).toBe(false);
    const [objectStore] = await project.containers('objectstore');
    expect(await onDisk(objectStore, checksum)).toBe(true);
    const download = `const r=await fetch('http://127.0.0.1:8003/results/${executionId}/run-file',{headers:{authorization:'Bearer '+T}});console.log(r.status,h(await r.arrayBuffer()))`;
    expect(await inside(resultsTwo, download)).toBe(`200 ${checksum}`);

    // The files app indexed the run from the bucket's copy; either replica serves its artifact.
    const artifact = `const r=await fetch('http://127.0.0.1:8004/runs/${executionId}/files/field.bin',{headers:{authorization:'Bearer '+T}});console.log(r.status,r.ok?h(await r.arrayBuffer()):'')`;
    for (const id of [filesTwo, filesOne]) {
      let answer = '';
      for (let i = 0; i < 40 && answer !== `200 ${sha256(field)}`; i++) {
        answer = await inside(id, artifact);
        if (answer !== `200 ${sha256(field)}`) await new Promise((r) => setTimeout(r, 250));
      }
      expect(answer).toBe(`200 ${sha256(field)}`);
    }

    // An external artifact uploaded through one files replica is stored for the other.
    // (Small: it travels in the script's command line.)
    const external = randomBytes(60_000);
    const digest = sha256(external);
    expect(
      await inside(
        filesOne,
        `const r=await fetch('http://127.0.0.1:8004/artifacts/${digest}',{method:'PUT',headers:{authorization:'Bearer '+T,'content-type':'application/octet-stream'},body:Buffer.from('${external.toString('base64')}','base64')});const a=await r.json();console.log(r.status,a.stored,a.created)`,
      ),
    ).toBe('200 true true');
    expect(
      await inside(
        filesTwo,
        `const r=await fetch('http://127.0.0.1:8004/artifacts/${digest}',{headers:{authorization:'Bearer '+T}});const a=await r.json();console.log(r.status,a.stored,a.size)`,
      ),
    ).toBe(`200 true ${external.length}`);
    expect(await onDisk(objectStore, digest)).toBe(true);
  });

  it('comes down and leaves no container, volume or network behind', async () => {
    const since = Date.now();
    await project.run('down', '-v', '--remove-orphans', '--timeout', '10');
    timings['down -v'] = seconds(since);
    const label = `label=com.docker.compose.project=${project.name}`;
    for (const kind of [
      ['ps', '-aq'],
      ['volume', 'ls', '-q'],
      ['network', 'ls', '-q'],
    ])
      expect([kind[0], (await sh('docker', [...kind, '--filter', label])).trim()]).toEqual([kind[0], '']);
  });
});
