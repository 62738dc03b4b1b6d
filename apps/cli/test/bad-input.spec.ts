import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { createApp, type ServiceName } from '@simvault/core';
import { openDatabase } from '@simvault/db';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { join } from 'node:path';
import request from 'supertest';
import { APPS } from '../src/apps';

type NestExpressApplication = Awaited<ReturnType<typeof createApp>>;

/**
 * Every route of every app's OpenAPI document, sent generated bad input of each family (deep
 * nesting, huge numbers and offsets, nulls and wrong types per field, lone surrogates, NUL and
 * control characters, traversal in path ids, oversize bodies) as an admin, whose privileges let
 * every request reach its validation. Each answer must be a 4xx in the error shape; the data
 * stored before must be unchanged after; every service must still be healthy.
 */

interface Schema {
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  $ref?: string;
  allOf?: Schema[];
  enum?: unknown[];
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Case {
  service: ServiceName;
  /** `POST /users field email: null`: what the case is, for the failure message. */
  name: string;
  method: string;
  url: string;
  body?: string | Buffer;
  /** Answers other than 4xx are allowed (a nullable field given null): never a 5xx, though. */
  lenient?: boolean;
  /**
   * A GET of a name no record has (`/stats/../..`): a lookup may answer it with an empty 200. The
   * name is never a path on disk; a 5xx, or anything stored, still fails.
   */
  lookup?: boolean;
}

const HUGE = '18446744073709551616';
const TRAVERSALS = ['..%2F..%2Fetc%2Fpasswd', '..', '%2E%2E%2F%2E%2E'];

function resolve(doc: OpenApi, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!]);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolve(doc, s) ?? {});
    return {
      ...schema,
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      type: parts.find((p) => p.type)?.type,
    };
  }
  return schema;
}

/** JSON texts that are not a value of `schema`'s type (raw text, so numbers can be huge). */
function wrongValues(schema: Schema): [string, string][] {
  const out: [string, string][] = [];
  switch (schema.type) {
    case 'string':
      out.push(['a number', '12345'], ['a lone surrogate', '"\\ud800x"'], ['a NUL', '"a\\u0000b"']);
      if (schema.enum) out.push(['a value outside the enum', '"not-one-of-them"']);
      break;
    case 'integer':
      out.push(['a string', '"not a number"'], ['2^64', HUGE], ['1e400', '1e400'], ['a fraction', '0.5']);
      break;
    case 'number':
      out.push(['a string', '"not a number"'], ['2^64', HUGE], ['1e308', '1e308'], ['1e400', '1e400']);
      break;
    case 'boolean':
      out.push(['a string', '"maybe"'], ['a number', '7']);
      break;
    case 'array':
      out.push(['a string', '"not a list"'], ['a list of lone surrogates', '["\\udc00"]']);
      break;
    case 'object':
      out.push(['a string', '"not an object"'], ['an object with a NUL key', '{"a\\u0000": 1}']);
      break;
  }
  return out;
}

function casesOf(service: ServiceName, doc: OpenApi, bodyLimit: number): Case[] {
  const cases: Case[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const M = method.toUpperCase();
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const fill = (values: Record<string, string> = {}) =>
        path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'no-such-thing');
      const route = `${M} ${path}`;
      const add = (name: string, url: string, body?: string | Buffer, lenient = false, lookup = false) =>
        cases.push({ service, name: `${route} ${name}`, method: M, url, body, lenient, lookup });

      add('query with a NUL', `${fill()}?limit=1%00`);
      for (const p of pathParams) {
        add(`path ${p.name} with a NUL`, fill({ [p.name]: 'a%00b' }));
        add(`path ${p.name} with a lone surrogate (bad UTF-8)`, fill({ [p.name]: '%ED%A0%80' }));
        const lookup = M === 'GET';
        add(`path ${p.name} of 2^64`, fill({ [p.name]: HUGE }), undefined, false, lookup);
        for (const t of TRAVERSALS)
          add(`path ${p.name} traversal ${t}`, fill({ [p.name]: t }), undefined, false, lookup);
      }
      for (const q of params.filter((p) => p.in === 'query')) {
        const schema = resolve(doc, q.schema) ?? {};
        const values =
          schema.type === 'integer' || schema.type === 'number'
            ? [HUGE, '1e400', 'abc']
            : schema.type === 'boolean'
              ? ['maybe']
              : schema.enum
                ? ['not-one-of-them']
                : [];
        for (const v of values) add(`query ${q.name}=${v}`, `${fill()}?${q.name}=${encodeURIComponent(v)}`);
      }
      const json = op.requestBody?.content['application/json'];
      if (!json) continue;
      const url = fill();
      add('body nested 10,000 deep', url, `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
      add('body nested 10,000 deep in a field', url, `{"x":${'{"x":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
      add('body over the size limit', url, Buffer.from(`{"x":"${'a'.repeat(bodyLimit)}"}`));
      add('body not JSON', url, '{"x":');
      add('body with a number too large for a double', url, '{"x":1e400}');
      const schema = resolve(doc, json.schema);
      for (const [field, raw] of Object.entries(schema?.properties ?? {})) {
        const f = resolve(doc, raw) ?? {};
        const nullName = `field ${field}: null`;
        if (f.nullable) add(nullName, url, JSON.stringify({ [field]: null }), true);
        else add(nullName, url, JSON.stringify({ [field]: null }));
        for (const [what, text] of wrongValues(f))
          add(`field ${field}: ${what}`, url, `{"${field}":${text}}`);
      }
    }
  }
  return cases;
}

/** Every row of every table of a service's database, in a stable order. */
async function contents(url: string): Promise<Record<string, string[]>> {
  const db = await openDatabase({ url, entities: [], runMigrations: false });
  try {
    const pg = db.options.type === 'postgres';
    const tables = (
      (await db.query(
        pg
          ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
          : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )) as { name: string }[]
    ).map((t) => t.name);
    const out: Record<string, string[]> = {};
    // The cache's hit and miss counters count lookups, answered or not: statistics, not data.
    for (const table of tables.sort().filter((t) => t !== 'cache_counters')) {
      const rows = (await db.query(`SELECT * FROM "${table}"`)) as Record<string, unknown>[];
      out[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    await db.destroy();
  }
}

describe.each(TEST_BACKENDS)('bad input on every route of every app, on %s', (backend) => {
  let p: TestPlatform<Partial<Record<ServiceName, NestExpressApplication>>>;
  const services = APPS.map((a) => a.service).filter((s) => s !== 'auth');
  const app = (service: ServiceName) => (service === 'auth' ? p.auth : p.apps[service]!);
  const urls = () =>
    backend === 'sqlite'
      ? [...APPS.map((a) => `sqlite:${join(p.db.dir, `${a.service}.sqlite`)}`)]
      : [p.db.url];
  const snapshot = async () => Promise.all(urls().map(contents));
  const healthy = async () => {
    for (const a of APPS) {
      const res = await request(app(a.service).getHttpServer()).get('/health');
      expect([a.service, res.status]).toEqual([a.service, 200]);
    }
  };
  const docs = new Map<ServiceName, OpenApi>();
  const limits = new Map<ServiceName, number>();

  beforeAll(async () => {
    p = await startTestPlatform(
      backend,
      { name: 'bad_input', services, env: { SIMVAULT_SEAMLESS_ENABLED: 'false' } },
      async ({ config, logger }) => {
        const apps: Partial<Record<ServiceName, NestExpressApplication>> = {};
        for (const a of APPS.filter((x) => x.service !== 'auth')) {
          const spec = a.spec(config, logger);
          limits.set(a.service, Math.max(config.bodyLimitBytes, spec.bodyLimitBytes ?? 0));
          apps[a.service] = await createApp(spec, config, logger);
        }
        limits.set('auth', config.bodyLimitBytes);
        return apps;
      },
    );
    for (const a of APPS) {
      const res = await request(app(a.service).getHttpServer()).get('/openapi.json').expect(200);
      docs.set(a.service, res.body as OpenApi);
    }
    // Something stored before, in every app, to be left as it is.
    const as = p.as('admin');
    const http = (s: ServiceName) => request(app(s).getHttpServer());
    await http('auth')
      .post('/users')
      .set(as)
      .send({ username: 'kept', password: 'kept-password-1' })
      .expect(201);
    await http('results')
      .post('/register_direct')
      .set(as)
      .send({
        execution_id: 'kept-1',
        simulation_name: 'kept_sim',
        simulation_version: '1.0',
        status: 'completed',
        input_params: { t: 1 },
        output_params: { y: 2 },
      })
      .expect(200);
    await http('files').post('/files').set(as).send({ name: 'kept', is_folder: true }).expect(201);
  });
  afterAll(() => p?.close());

  it('answers every generated bad input with a 4xx in the error shape, changes nothing, and stays up', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    const lenient: Case[] = [];
    let sent = 0;
    for (const a of APPS) {
      for (const c of casesOf(a.service, docs.get(a.service)!, limits.get(a.service)!)) {
        if (c.lenient) {
          lenient.push(c);
          continue;
        }
        const res = await send(c);
        sent++;
        const body = res.body as { error?: unknown; statusCode?: unknown };
        // A HEAD answer has no body to carry the shape.
        const shaped =
          c.method === 'HEAD' || (typeof body?.error === 'string' && body.statusCode === res.status);
        const refused = res.status >= 400 && res.status < 500 && shaped;
        const empty = c.lookup && res.status === 200;
        if (!refused && !empty)
          failures.push(`${c.service}: ${c.name} -> ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    expect(await snapshot()).toEqual(before);
    await healthy();
    // A nullable field given null is "not given": any answer but a 5xx.
    const errors: string[] = [];
    for (const c of lenient) {
      const res = await send(c);
      if (res.status >= 500) errors.push(`${c.service}: ${c.name} -> ${res.status}`);
    }
    expect(errors).toEqual([]);
    await healthy();
    // A guard against a hang, not a speed goal: every route of six apps, one request at a time, on a
    // 2-core machine running other suites beside it.
  }, 600_000);

  function send(c: Case) {
    const agent = request(app(c.service).getHttpServer());
    const method = c.method.toLowerCase() as 'get';
    let req = agent[method](c.url).set(p.as('admin'));
    if (c.body !== undefined) req = req.set('Content-Type', 'application/json').send(c.body);
    return req.ok(() => true);
  }
});
