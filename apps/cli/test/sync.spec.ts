import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { cacheApp } from '@simvault/app-cache';
import { filesApp } from '@simvault/app-files';
import { resultsApp } from '@simvault/app-results';
import { createApp } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { RunDatabase } from '@simvault/run-db';
import type { SyncReport } from '../src/commands/sync';
import { freePort, runCli } from './cli';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

type Apps = { results: NestExpressApplication; files: NestExpressApplication; cache: NestExpressApplication };
type Instance = { p: TestPlatform<Apps>; urls: Record<'results' | 'files' | 'cache', string> };

/** A whole instance of its own: its database (another SQLite file set, another PostgreSQL database), ports and data directory. */
async function startInstance(backend: (typeof TEST_BACKENDS)[number], name: string): Promise<Instance> {
  const p = await startTestPlatform(
    backend,
    // Each instance's cache app has a seamless-database listener of its own.
    {
      name,
      services: ['results', 'files', 'cache'],
      env: { SIMVAULT_SEAMLESS_PORT: String(await freePort()) },
    },
    async ({ config, logger, queuePrefix }): Promise<Apps> => ({
      results: await createApp(resultsApp(config, logger, { queuePrefix }), config, logger),
      files: await createApp(filesApp(config, logger, { queuePrefix }), config, logger),
      cache: await createApp(cacheApp(config, logger), config, logger),
    }),
  );
  const urls = {} as Instance['urls'];
  for (const service of ['results', 'files', 'cache'] as const) {
    await p.apps[service].listen(0, '127.0.0.1');
    urls[service] = await p.apps[service].getUrl();
  }
  return { p, urls };
}

/** `simvault sync <direction>` from `local` to/from `remote`, as the CLI process runs it. */
async function syncCli(
  direction: 'push' | 'pull',
  local: Instance,
  localToken: string,
  remote: Instance,
  remoteToken: string,
  home: string,
  extra: string[] = [],
) {
  const run = await runCli(
    [
      'sync',
      direction,
      '--token',
      localToken,
      '--remote-token',
      remoteToken,
      '--remote-results-url',
      remote.urls.results,
      '--remote-files-url',
      remote.urls.files,
      '--remote-cache-url',
      remote.urls.cache,
      ...extra,
    ],
    '',
    {
      HOME: home,
      SIMVAULT_DATA_DIR: join(home, '.simvault'),
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_RESULTS_URL: local.urls.results,
      SIMVAULT_FILES_URL: local.urls.files,
      SIMVAULT_CACHE_URL: local.urls.cache,
    },
  );
  return run;
}

async function call(url: string, token: string, init: RequestInit = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const entry = (key: string, executionId: string) => ({
  cache_key: key,
  simulation_name: 'thermal_sim',
  simulation_version: '1.0.0',
  execution_id: executionId,
  input_hash: sha256(key),
});

/**
 * A laptop's instance, the team server and a fresh laptop, three instances with nothing shared but
 * the CLI between them: work done on the first joins the team, then comes back to the third.
 */
describe.each(TEST_BACKENDS)('simvault sync between two instances on %s', (backend) => {
  let laptop: Instance;
  let team: Instance;
  let fresh: Instance;
  let home: string;
  const field = randomBytes(1024 * 1024 + 3);
  beforeAll(async () => {
    laptop = await startInstance(backend, 'sync-laptop');
    team = await startInstance(backend, 'sync-team');
    fresh = await startInstance(backend, 'sync-fresh');
    home = join(laptop.p.db.dir, 'home');
    mkdirSync(home, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    for (const i of [fresh, team, laptop]) await i?.p.close();
  });

  it('pushes results with their run files and artifacts and cache entries, idempotently, reporting a conflict, and pulls them into a fresh instance', async () => {
    // On the laptop: a run with an external artifact, registered with its bytes, and two entries.
    const work = join(home, 'work');
    mkdirSync(work, { recursive: true });
    const fieldPath = join(work, 'field.vtk');
    writeFileSync(fieldPath, field);
    const runFile = join(work, 'sync-1.db');
    const run = RunDatabase.open(runFile);
    run.initializeRun('thermal_sim', '1.0.0', { executionId: 'sync-1', executorType: 'local' });
    run.saveArtifact('tables/summary.csv', { data: 'x,y\n1,2\n' });
    await run.saveArtifact('mesh/field.vtk', { externalPath: fieldPath });
    run.saveInput('temperature', 300, 'float');
    run.completeRun('completed', { durationSeconds: 2 });
    run.close();
    const pushed = await runCli(['push', runFile, '--token', laptop.p.tokens.user], '', {
      HOME: home,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_RESULTS_URL: laptop.urls.results,
      SIMVAULT_FILES_URL: laptop.urls.files,
      SIMVAULT_CACHE_URL: laptop.urls.cache,
    });
    expect(pushed.code).toBe(0);
    rmSync(work, { recursive: true });
    const direct = await call(`${laptop.urls.results}/register_direct`, laptop.p.tokens.user, {
      method: 'POST',
      body: JSON.stringify({
        execution_id: 'sync-direct',
        simulation_name: 'thermal_sim',
        simulation_version: '1.0.0',
        input_params: { temperature: 310 },
        output_params: { max_temp: 320.5 },
        status: 'completed',
      }),
    });
    expect(direct.status).toBe(200);
    for (const [key, id] of [
      ['thermal_sim/1.0.0/a', 'sync-1'],
      ['thermal_sim/1.0.0/b', 'sync-direct'],
    ]) {
      expect(
        (
          await call(`${laptop.urls.cache}/cache`, laptop.p.tokens.user, {
            method: 'POST',
            body: JSON.stringify(entry(key, id)),
          })
        ).status,
      ).toBe(200);
    }
    // Tags on the laptop's run; and a run id both instances hold with other run files (the
    // laptop's registered directly, the team's uploaded by someone else).
    expect(
      (
        await call(`${laptop.urls.results}/results/sync-1/tags`, laptop.p.tokens.user, {
          method: 'PUT',
          body: JSON.stringify({ tags: { project: 'wing-2', stage: 'draft' } }),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(`${laptop.urls.results}/register_direct`, laptop.p.tokens.user, {
          method: 'POST',
          body: JSON.stringify({
            execution_id: 'sync-clash',
            simulation_name: 'thermal_sim',
            simulation_version: '1.0.0',
            input_params: { temperature: 330 },
            output_params: {},
            status: 'completed',
          }),
        })
      ).status,
    ).toBe(200);
    const clashFile = join(home, 'sync-clash.db');
    const clash = RunDatabase.open(clashFile);
    clash.initializeRun('thermal_sim', '1.0.0', { executionId: 'sync-clash', executorType: 'local' });
    clash.saveInput('temperature', 335, 'float');
    clash.completeRun('completed', { durationSeconds: 1 });
    clash.close();
    const teamPush = await runCli(['push', clashFile, '--token', team.p.tokens.other], '', {
      HOME: home,
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_RESULTS_URL: team.urls.results,
      SIMVAULT_FILES_URL: team.urls.files,
      SIMVAULT_CACHE_URL: team.urls.cache,
    });
    expect(teamPush.code).toBe(0);
    rmSync(clashFile);
    const teamClash = (await call(`${team.urls.results}/results/sync-clash`, team.p.tokens.other)).body;

    // On the team server, someone else computed key b from another run.
    expect(
      (
        await call(`${team.urls.cache}/cache`, team.p.tokens.other, {
          method: 'POST',
          body: JSON.stringify(entry('thermal_sim/1.0.0/b', 'team-run')),
        })
      ).status,
    ).toBe(200);

    // Seamless work on the laptop: a transformation (its own buffer, the dict of its inputs) and
    // its result, both buffers stored; another transformation the team recorded with another result.
    const dict = Buffer.from('{"a": 1, "code": "x*2"}');
    const out = Buffer.from('2');
    for (const bytes of [dict, out]) {
      const put = await fetch(`${laptop.urls.cache}/buffers/${sha256(bytes)}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${laptop.p.tokens.user}`,
          'content-type': 'application/octet-stream',
        },
        body: bytes,
      });
      expect(put.status).toBe(201);
    }
    const disputed = sha256('disputed transformation');
    for (const [instance, token, checksum, result] of [
      [laptop, laptop.p.tokens.user, sha256(dict), sha256(out)],
      [laptop, laptop.p.tokens.user, disputed, sha256('laptop result')],
      [team, team.p.tokens.other, disputed, sha256('team result')],
    ] as const) {
      const put = await call(`${instance.urls.cache}/checksums/transformations/${checksum}`, token, {
        method: 'PUT',
        body: JSON.stringify({ result }),
      });
      expect(put.status).toBe(200);
    }

    const first = await syncCli('push', laptop, laptop.p.tokens.user, team, team.p.tokens.user, home, [
      '--json',
    ]);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as SyncReport;
    expect(report.results).toMatchObject({
      copied: 2,
      skipped: 0,
      artifacts_copied: 1,
      tags_copied: 2,
      refused: [],
    });
    expect(report.results.conflicts).toEqual([
      {
        key: 'sync-clash',
        reason: `the destination holds another run file (sha256 ${teamClash.run_file.checksum}; this one none); kept as it is`,
      },
    ]);
    // The team's run is its own still; the copied run has the laptop's tags.
    expect((await call(`${team.urls.results}/results/sync-clash`, team.p.tokens.other)).body).toMatchObject({
      input_params: { temperature: 335 },
      run_file: { checksum: teamClash.run_file.checksum },
    });
    expect((await call(`${team.urls.results}/results/sync-1`, team.p.tokens.other)).body.tags).toEqual({
      project: 'wing-2',
      stage: 'draft',
    });
    expect(report.cache).toMatchObject({ copied: 1, skipped: 0, refused: [] });
    expect(report.cache.conflicts).toEqual([
      {
        key: 'thermal_sim/1.0.0/b',
        reason: expect.stringContaining('the destination holds another value (execution team-run'),
      },
    ]);
    expect(report.checksums).toMatchObject({ copied: 1, skipped: 0, buffers_copied: 2, refused: [] });
    expect(report.checksums.conflicts).toEqual([
      {
        key: disputed,
        reason: `the destination records another result (${sha256('team result')}); kept as it is`,
      },
    ]);
    expect(
      (
        await call(
          `${team.urls.cache}/checksums/transformations/${sha256(dict)}?validate=true`,
          team.p.tokens.other,
        )
      ).body,
    ).toEqual({ checksum: sha256(dict), result: sha256(out) });
    const dictThere = await fetch(`${team.urls.cache}/buffers/${sha256(dict)}`, {
      headers: { authorization: `Bearer ${team.p.tokens.other}` },
    });
    expect(Buffer.from(await dictThere.arrayBuffer()).equals(dict)).toBe(true);
    expect(
      (await call(`${team.urls.cache}/checksums/transformations/${disputed}`, team.p.tokens.other)).body,
    ).toEqual({
      checksum: disputed,
      result: sha256('team result'),
    });
    // The team server now holds the run, its run file byte for byte and its artifact.
    const result = await call(`${team.urls.results}/results/sync-1`, team.p.tokens.other);
    expect(result.body).toMatchObject({ execution_id: 'sync-1', input_params: { temperature: 300 } });
    const laptopResult = await call(`${laptop.urls.results}/results/sync-1`, laptop.p.tokens.user);
    expect(result.body.run_file.checksum).toBe(laptopResult.body.run_file.checksum);
    expect(
      (await call(`${team.urls.files}/artifacts/${sha256(field)}`, team.p.tokens.other)).body,
    ).toMatchObject({ stored: true });
    expect((await call(`${team.urls.results}/results/sync-direct`, team.p.tokens.other)).body).toMatchObject({
      output_params: { max_temp: 320.5 },
    });
    expect(
      (await call(`${team.urls.cache}/cache/thermal_sim/1.0.0/a`, team.p.tokens.other)).body,
    ).toMatchObject({
      execution_id: 'sync-1',
    });
    // The conflicting entry is the team's own, untouched.
    expect(
      (await call(`${team.urls.cache}/cache/thermal_sim/1.0.0/b`, team.p.tokens.other)).body,
    ).toMatchObject({
      execution_id: 'team-run',
    });

    // Tags move on later: one added on the laptop is set there, one both changed is a conflict.
    const tagged = (instance: Instance, token: string, tags: Record<string, string>) =>
      call(`${instance.urls.results}/results/sync-1/tags`, token, {
        method: 'PUT',
        body: JSON.stringify({ tags }),
      });
    expect((await tagged(laptop, laptop.p.tokens.user, { reviewed: 'yes' })).status).toBe(200);
    expect((await tagged(team, team.p.tokens.user, { stage: 'final' })).status).toBe(200);

    // Again: no result or entry moves, the conflicts are reported again, in words on a non-terminal.
    const again = await syncCli('push', laptop, laptop.p.tokens.user, team, team.p.tokens.user, home);
    expect(again.code).toBe(0);
    expect(again.out).toContain(
      'results: 0 copied (0 artifacts sent, 0 already there; 1 tag set), 2 skipped, 2 conflicts, 0 refused',
    );
    expect(again.out).toContain('conflict sync-clash: the destination holds another run file');
    expect(again.out).toContain(
      'conflict sync-1 tag stage: the destination\'s tag is "final", this one\'s "draft"; kept as it is',
    );
    const teamTags = { project: 'wing-2', stage: 'final', reviewed: 'yes' };
    expect((await call(`${team.urls.results}/results/sync-1`, team.p.tokens.other)).body.tags).toEqual(
      teamTags,
    );
    expect(again.out).toContain('cache:   0 copied, 1 skipped, 1 conflict, 0 refused');
    expect(again.out).toContain('conflict thermal_sim/1.0.0/b: the destination holds another value');
    expect(again.out).toContain(
      'checksums: 0 copied (0 buffers sent, 2 already there), 1 skipped, 1 conflict, 0 refused',
    );

    // --overwrite does not let a plain user replace someone else's entry: the team server refuses.
    const forced = await syncCli('push', laptop, laptop.p.tokens.user, team, team.p.tokens.user, home, [
      '--overwrite',
      '--only',
      'cache',
      '--json',
    ]);
    const forcedReport = JSON.parse(forced.out) as SyncReport;
    expect(forcedReport.cache.conflicts).toEqual([]);
    expect(forcedReport.cache.refused).toEqual([
      { key: 'thermal_sim/1.0.0/b', reason: expect.stringMatching(/cache_invalidate/) },
    ]);
    expect(
      (await call(`${team.urls.cache}/cache/thermal_sim/1.0.0/b`, team.p.tokens.other)).body,
    ).toMatchObject({
      execution_id: 'team-run',
    });

    // A fresh laptop pulls the team's work: the run rebuilt there, its artifact served by it.
    const pulled = await syncCli('pull', fresh, fresh.p.tokens.user, team, team.p.tokens.user, home, [
      '--json',
    ]);
    expect(pulled.code).toBe(0);
    const back = JSON.parse(pulled.out) as SyncReport;
    expect(back.results).toMatchObject({ copied: 3, artifacts_copied: 1, tags_copied: 3, conflicts: [] });
    expect((await call(`${fresh.urls.results}/results/sync-1`, fresh.p.tokens.user)).body.tags).toEqual(
      teamTags,
    );
    expect(
      (await call(`${fresh.urls.results}/results/sync-clash`, fresh.p.tokens.user)).body.run_file.checksum,
    ).toBe(teamClash.run_file.checksum);
    expect(back.cache).toMatchObject({ copied: 2, conflicts: [] });
    expect(back.checksums).toMatchObject({ copied: 2, buffers_copied: 2, conflicts: [] });
    const target = join(home, 'pulled');
    const rebuilt = await runCli(
      ['pull', 'thermal_sim/1.0.0/a', target, '--token', fresh.p.tokens.other],
      '',
      {
        HOME: home,
        SIMVAULT_LOG_LEVEL: 'silent',
        SIMVAULT_RESULTS_URL: fresh.urls.results,
        SIMVAULT_FILES_URL: fresh.urls.files,
        SIMVAULT_CACHE_URL: fresh.urls.cache,
      },
    );
    expect(rebuilt.code).toBe(0);
    expect(sha256(readFileSync(join(target, 'mesh/field.vtk')))).toBe(sha256(field));
    expect(
      (await call(`${fresh.urls.cache}/cache/thermal_sim/1.0.0/b`, fresh.p.tokens.user)).body,
    ).toMatchObject({
      execution_id: 'team-run',
    });
  }, 180_000);

  it('pushes buffer info, semantic-to-syntactic checksums and execution records, idempotently, reporting a differing one as a conflict', async () => {
    const put = async (instance: Instance, token: string, path: string, body: unknown) =>
      expect(
        (await call(`${instance.urls.cache}${path}`, token, { method: 'PUT', body: JSON.stringify(body) }))
          .status,
      ).toBe(200);
    const [buffer, disputedBuffer] = [sha256('records buffer'), sha256('records disputed buffer')];
    const [semantic, syntactic] = [sha256('records semantic'), sha256('records syntactic')];
    const [tf, tfResult, disputedTf, disputedResult] = [
      'tf',
      'tf result',
      'disputed tf',
      'disputed result',
    ].map((t) => sha256(`records ${t}`));
    const record = (checksum: string, result: string, wall: number) => ({
      result,
      record: { schema_version: 1, tf_checksum: checksum, result_checksum: result, wall_time_seconds: wall },
    });
    const user = laptop.p.tokens.user;
    await put(laptop, user, `/checksums/buffer-info/${buffer}`, { length: 12, is_utf8: true });
    await put(laptop, user, `/checksums/buffer-info/${disputedBuffer}`, { length: 5 });
    await put(laptop, user, `/checksums/semantic/${semantic}/syntactic`, {
      celltype: 'python',
      subcelltype: '',
      syntactic: [syntactic],
    });
    await put(laptop, user, `/checksums/execution-records/${tf}`, record(tf, tfResult, 1.5));
    await put(
      laptop,
      user,
      `/checksums/execution-records/${disputedTf}`,
      record(disputedTf, disputedResult, 2),
    );
    // The team already knows another length of one buffer and another run of one transformation.
    const other = team.p.tokens.other;
    await put(team, other, `/checksums/buffer-info/${disputedBuffer}`, { length: 6 });
    await put(
      team,
      other,
      `/checksums/execution-records/${disputedTf}`,
      record(disputedTf, disputedResult, 9),
    );

    const push = async () => {
      const run = await syncCli('push', laptop, user, team, team.p.tokens.user, home, [
        '--only',
        'checksums',
        '--json',
      ]);
      expect(run.code).toBe(0);
      return (JSON.parse(run.out) as SyncReport).records;
    };
    const first = await push();
    expect(first.buffer_info).toMatchObject({ copied: 1, skipped: 0, refused: [] });
    expect(first.buffer_info.conflicts).toEqual([
      {
        key: disputedBuffer,
        reason: 'the destination knows other buffer info ({"length":6}); kept as it is',
      },
    ]);
    expect(first.semantic_to_syntactic).toMatchObject({ copied: 1, skipped: 0, conflicts: [], refused: [] });
    expect(first.metadata).toMatchObject({ copied: 1, skipped: 0, refused: [] });
    expect(first.metadata.conflicts).toEqual([
      {
        key: disputedTf,
        reason: `the destination holds another execution record (result ${disputedResult}); kept as it is`,
      },
    ]);
    // On the team server, read back through its own routes; the disputed ones are the team's still.
    const get = async (path: string) => (await call(`${team.urls.cache}${path}`, other)).body;
    expect((await get(`/checksums/buffer-info/${buffer}`)).info).toEqual({ length: 12, is_utf8: true });
    expect((await get(`/checksums/buffer-info/${disputedBuffer}`)).info).toEqual({ length: 6 });
    expect(
      (await get(`/checksums/semantic/${semantic}/syntactic?celltype=python&subcelltype=`)).syntactic,
    ).toEqual([syntactic]);
    expect(await get(`/checksums/execution-records/${tf}`)).toEqual({
      checksum: tf,
      ...record(tf, tfResult, 1.5),
    });
    expect((await get(`/checksums/execution-records/${disputedTf}`)).record.wall_time_seconds).toBe(9);
    expect(await get(`/checksums/transformations/${tf}`)).toEqual({ checksum: tf, result: tfResult });

    // Again: nothing moves, the same conflicts are reported.
    const again = await push();
    expect(again.buffer_info).toMatchObject({
      copied: 0,
      skipped: 1,
      conflicts: first.buffer_info.conflicts,
    });
    expect(again.semantic_to_syntactic).toMatchObject({ copied: 0, skipped: 1, conflicts: [] });
    expect(again.metadata).toMatchObject({ copied: 0, skipped: 1, conflicts: first.metadata.conflicts });
  }, 120_000);

  it("refuses without the remote's own credential, and a read-only token writes nothing there", async () => {
    const none = await runCli(
      [
        'sync',
        'push',
        '--remote-results-url',
        team.urls.results,
        '--remote-files-url',
        team.urls.files,
        '--remote-cache-url',
        team.urls.cache,
        '--token',
        laptop.p.tokens.user,
      ],
      '',
      {
        HOME: home,
        SIMVAULT_LOG_LEVEL: 'silent',
        SIMVAULT_RESULTS_URL: laptop.urls.results,
        SIMVAULT_FILES_URL: laptop.urls.files,
        SIMVAULT_CACHE_URL: laptop.urls.cache,
      },
    );
    expect(none.code).toBe(1);
    expect(none.out).toContain(
      'Sign in to the other instance: --remote-token <token> or --remote-user <name>.',
    );
    await call(`${laptop.urls.cache}/cache`, laptop.p.tokens.user, {
      method: 'POST',
      body: JSON.stringify(entry('thermal_sim/1.0.0/readonly', 'sync-1')),
    });
    const readonly = await syncCli('push', laptop, laptop.p.tokens.user, team, team.p.tokens.readonly, home, [
      '--only',
      'cache',
      '--json',
    ]);
    expect(readonly.code).toBe(0);
    const report = JSON.parse(readonly.out) as SyncReport;
    expect(report.cache.copied).toBe(0);
    expect(report.cache.refused).toEqual([{ key: 'thermal_sim/1.0.0/readonly', reason: expect.any(String) }]);
    expect(
      (await call(`${team.urls.cache}/cache/thermal_sim/1.0.0/readonly`, team.p.tokens.user)).status,
    ).toBe(404);
  }, 60_000);

  it('resumes an interrupted run of transformation records after the last page done, from a 0600 state file', async () => {
    const added = [...Array(5).keys()].map((i) => sha256(`resumable ${i}`));
    for (const checksum of added) {
      const put = await call(
        `${laptop.urls.cache}/checksums/transformations/${checksum}`,
        laptop.p.tokens.user,
        {
          method: 'PUT',
          body: JSON.stringify({ result: sha256(`result of ${checksum}`) }),
        },
      );
      expect(put.status).toBe(200);
    }
    // The order the source lists them in (by checksum), read here from its own listing.
    const listed: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await call(
        `${laptop.urls.cache}/checksums/transformations?limit=1000${after ? `&after=${after}` : ''}`,
        laptop.p.tokens.user,
      );
      listed.push(...page.body.transformations.map((t: { checksum: string }) => t.checksum));
      after = page.body.next ?? undefined;
      if (!after) break;
    }
    const onTeam = async () => {
      const held: string[] = [];
      for (const checksum of added) {
        const got = await call(
          `${team.urls.cache}/checksums/transformations/${checksum}`,
          team.p.tokens.user,
        );
        if (got.status === 200) held.push(checksum);
      }
      return held.sort();
    };
    const firstOf = (n: number) => added.filter((c) => listed.indexOf(c) < n).sort();
    const state = join(home, '.config', 'simvault', 'sync-state.json');
    const key = `checksums ${laptop.urls.cache} -> ${team.urls.cache}`;
    const push = async (pages?: string) => {
      const run = await syncCli('push', laptop, laptop.p.tokens.user, team, team.p.tokens.user, home, [
        '--only',
        'checksums',
        '--page-size',
        '2',
        ...(pages ? ['--pages', pages] : []),
        '--json',
      ]);
      expect(run.code).toBe(0);
      return (JSON.parse(run.out) as SyncReport).checksums;
    };

    const first = await push('1');
    expect(first).toMatchObject({ resumed_after: null, stopped_after: listed[1] });
    expect(await onTeam()).toEqual(firstOf(2));
    expect(statSync(state).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(state, 'utf8'))[key]).toBe(listed[1]);

    const second = await push('1');
    expect(second).toMatchObject({ resumed_after: listed[1], stopped_after: listed[3] });
    // Only the second page was read again: two records, each copied, skipped or a conflict.
    expect(second.copied + second.skipped + second.conflicts.length).toBe(2);
    expect(await onTeam()).toEqual(firstOf(4));

    const rest = await push();
    expect(rest).toMatchObject({ resumed_after: listed[3], stopped_after: null });
    expect(rest.copied + rest.skipped + rest.conflicts.length).toBe(listed.length - 4);
    expect(await onTeam()).toEqual([...added].sort());
    // A finished run forgets its cursor: the next one starts from the beginning.
    expect(JSON.parse(readFileSync(state, 'utf8'))[key]).toBeUndefined();
    const again = await push();
    expect(again).toMatchObject({ resumed_after: null, stopped_after: null });
    expect(again.copied + again.skipped + again.conflicts.length).toBe(listed.length);
  }, 120_000);
});

describe('simvault sync refusals before any request', () => {
  it('names what is wrong with --remote and --only', async () => {
    const env = { HOME: '/nonexistent', SIMVAULT_LOG_LEVEL: 'silent' };
    const notUrl = await runCli(['sync', 'push', '--remote', 'team example', '--remote-token', 't'], '', env);
    expect(notUrl.code).toBe(1);
    expect(notUrl.out).toContain('--remote "team example" is not a URL (e.g. http://team.example:8003).');
    const none = await runCli(['sync', 'pull', '--remote-token', 't'], '', env);
    expect(none.code).toBe(1);
    expect(none.out).toContain('Name the other instance: --remote <url> (or --remote-<service>-url).');
    const only = await runCli(['sync', 'push', '--remote', 'http://team', '--only', 'cache,logs'], '', env);
    expect(only.code).toBe(1);
    expect(only.out).toContain('--only takes results, cache, checksums; not logs.');
    // Three CLI starts: about 9 s each on a loaded 2-core machine, over Jest's default 30 s.
  }, 90_000);
});
