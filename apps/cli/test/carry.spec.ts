import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestPlatform, type TestPlatform } from '@simvault/app-auth/testing';
import { cacheApp } from '@simvault/app-cache';
import { filesApp } from '@simvault/app-files';
import { resultsApp } from '@simvault/app-results';
import { FilesClient, ResultsClient } from '@simvault/client';
import { createApp } from '@simvault/core';
import { TEST_BACKENDS } from '@simvault/db/testing';
import { RunDatabase } from '@simvault/run-db';
import { bytesLine } from '../src/commands/carry';
import { runCli } from './cli';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

type Apps = { results: NestExpressApplication; files: NestExpressApplication; cache: NestExpressApplication };

/**
 * Two machines and one platform: the results, files and cache apps listening on ports of their own,
 * and the built CLI run as two processes, each with its own data directory (and home), neither
 * sharing a file system path with the platform's run roots.
 */
describe.each(TEST_BACKENDS)(
  'a run carried from one machine to another (simvault push / pull) on %s',
  (backend) => {
    let p: TestPlatform<Apps>;
    const urls: Record<string, string> = {};
    let machineA: string;
    let machineB: string;
    const env = (home: string) => ({
      HOME: home,
      SIMVAULT_DATA_DIR: join(home, '.simvault'),
      SIMVAULT_LOG_LEVEL: 'silent',
      SIMVAULT_RESULTS_URL: urls.results,
      SIMVAULT_FILES_URL: urls.files,
      SIMVAULT_CACHE_URL: urls.cache,
    });
    beforeAll(async () => {
      p = await startTestPlatform(
        backend,
        {
          name: 'carry',
          services: ['results', 'files', 'cache'],
          // The seamless listener would take its fixed port, which another suite may hold.
          env: { SIMVAULT_SEAMLESS_ENABLED: 'false' },
        },
        async ({ config, logger, queuePrefix }): Promise<Apps> => ({
          results: await createApp(resultsApp(config, logger, { queuePrefix }), config, logger),
          files: await createApp(filesApp(config, logger, { queuePrefix }), config, logger),
          cache: await createApp(cacheApp(config, logger), config, logger),
        }),
      );
      for (const name of ['results', 'files', 'cache'] as const) {
        await p.apps[name].listen(0, '127.0.0.1');
        urls[name] = await p.apps[name].getUrl();
      }
      machineA = join(p.db.dir, 'machine-a');
      machineB = join(p.db.dir, 'machine-b');
      mkdirSync(machineA, { recursive: true });
      mkdirSync(machineB, { recursive: true });
    }, 120_000);
    afterAll(() => p.close());

    it('registers on one machine with an external artifact, the local copy deleted, and pulls it on the other', async () => {
      // Machine A: a run with an inline result table and a large external field file beside it.
      const work = join(machineA, 'work');
      mkdirSync(work, { recursive: true });
      const field = randomBytes(3 * 1024 * 1024 + 17);
      const fieldPath = join(work, 'field.vtk');
      writeFileSync(fieldPath, field);
      const runFile = join(work, 'carry-1.db');
      const run = RunDatabase.open(runFile);
      run.initializeRun('thermal_sim', '1.0.0', { executionId: 'carry-1', executorType: 'local' });
      run.saveArtifact('tables/summary.csv', { data: 'x,y\n1,2\n' });
      await run.saveArtifact('mesh/field.vtk', { externalPath: fieldPath });
      run.completeRun('completed', { durationSeconds: 2 });
      run.close();

      const pushed = await runCli(['push', runFile, '--token', p.tokens.user], '', env(machineA));
      expect(pushed.out).toContain(
        'Pushed carry-1: the run file and 1 external artifact (1 uploaded, 0 already on the platform).',
      );
      expect(pushed.code).toBe(0);
      // The result is cached under a key, as sim2l's client does after a run; run_db_path is A's own path.
      await fetch(`${urls.cache}/cache`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.tokens.user}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          cache_key: 'thermal_sim/1.0.0/abc123',
          simulation_name: 'thermal_sim',
          simulation_version: '1.0.0',
          execution_id: 'carry-1',
          run_db_path: runFile,
        }),
      }).then((r) => expect(r.status).toBe(200));
      // Pushing again sends no artifact bytes: the platform holds them.
      const again = await runCli(['push', runFile, '--token', p.tokens.user], '', env(machineA));
      expect(again.out).toContain('(0 uploaded, 1 already on the platform)');
      rmSync(work, { recursive: true });

      // Machine B, another user: the hit leads to the platform's copy, and pull rebuilds the run.
      const hit = await fetch(`${urls.cache}/cache/thermal_sim/1.0.0/abc123`, {
        headers: { authorization: `Bearer ${p.tokens.other}` },
      }).then((r) => r.json());
      expect(hit).toMatchObject({ execution_id: 'carry-1', run_db_path: runFile });
      const files = await fetch(`${urls.files}${hit.links.artifacts.path}`, {
        headers: { authorization: `Bearer ${p.tokens.other}` },
      }).then((r) => r.json());
      expect(files.files.map((f: { name: string }) => f.name)).toEqual([
        'tables/summary.csv',
        'mesh/field.vtk',
      ]);

      const target = join(machineB, 'pulled');
      const pulled = await runCli(
        ['pull', 'thermal_sim/1.0.0/abc123', target, '--token', p.tokens.other],
        '',
        env(machineB),
      );
      expect(pulled.out).toMatch(
        /Pulled carry-1 into .*pulled: the run file and 2 artifacts, .* every file verified\./,
      );
      expect(pulled.code).toBe(0);
      expect(sha256(readFileSync(join(target, 'mesh/field.vtk')))).toBe(sha256(field));
      expect(readFileSync(join(target, 'tables/summary.csv'), 'utf8')).toBe('x,y\n1,2\n');
      const copy = RunDatabase.open(join(target, 'carry-1.db'), { readonly: true });
      try {
        expect(copy.getSummary()).toMatchObject({ execution_id: 'carry-1', status: 'completed' });
      } finally {
        copy.close();
      }
      // By execution id, into ./<id> by default.
      const byId = await runCli(['pull', 'carry-1', '--token', p.tokens.other], '', env(machineB), machineB);
      expect(byId.code).toBe(0);
      expect(readFileSync(join(machineB, 'carry-1', 'mesh/field.vtk')).equals(field)).toBe(true);
    }, 120_000);

    it('refuses a push whose external artifact is neither here nor on the platform, registering nothing', async () => {
      const work = join(machineA, 'lost');
      mkdirSync(work, { recursive: true });
      const lost = join(work, 'lost.bin');
      writeFileSync(lost, randomBytes(1000));
      const runFile = join(work, 'carry-lost.db');
      const run = RunDatabase.open(runFile);
      run.initializeRun('thermal_sim', '1.0.0', { executionId: 'carry-lost', executorType: 'local' });
      await run.saveArtifact('lost.bin', { externalPath: lost });
      run.completeRun('completed');
      run.close();
      rmSync(lost);
      const pushed = await runCli(['push', runFile, '--token', p.tokens.user], '', env(machineA));
      expect(pushed.code).toBe(1);
      expect(pushed.out).toMatch(
        /lost\.bin is an external file \(.*lost\.bin\) that is neither here nor on the platform; nothing was registered\./,
      );
      const res = await fetch(`${urls.results}/results/carry-lost`, {
        headers: { authorization: `Bearer ${p.tokens.user}` },
      });
      expect(res.status).toBe(404);
      const missing = await runCli(
        ['pull', 'no-such-run', join(machineB, 'x'), '--token', p.tokens.other],
        '',
        env(machineB),
      );
      expect(missing.code).toBe(1);
      expect(missing.out).toContain('No registered result or cache entry is called "no-such-run".');
      expect(existsSync(join(machineB, 'x'))).toBe(false);
      // sim2l's direct registration keeps values, no run file: nothing to rebuild.
      const direct = await fetch(`${urls.results}/register_direct`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.tokens.user}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          execution_id: 'carry-direct',
          simulation_name: 'thermal_sim',
          simulation_version: '1.0.0',
          input_params: { t: 1 },
          output_params: { s: 2 },
          status: 'completed',
        }),
      });
      expect(direct.status).toBe(200);
      const none = await runCli(
        ['pull', 'carry-direct', join(machineB, 'd'), '--token', p.tokens.other],
        '',
        env(machineB),
      );
      expect(none.code).toBe(1);
      expect(none.out).toContain(
        'Result carry-direct was registered without a run file (register_direct): there is nothing to pull.',
      );
    }, 60_000);

    it('carries the external artifacts of every run file `simvault results register` uploads', async () => {
      const work = join(machineA, 'batch');
      mkdirSync(work, { recursive: true });
      const bytes = randomBytes(50_000);
      const external = join(work, 'probe.dat');
      writeFileSync(external, bytes);
      const run = RunDatabase.open(join(work, 'carry-reg.db'));
      run.initializeRun('thermal_sim', '1.0.0', { executionId: 'carry-reg', executorType: 'local' });
      await run.saveArtifact('probe.dat', { externalPath: external });
      run.completeRun('completed');
      run.close();
      const registered = await runCli(
        ['results', 'register', work, '--token', p.tokens.user],
        '',
        env(machineA),
      );
      expect(registered.out).toContain('Registered 1 of 1 run file.');
      rmSync(work, { recursive: true });
      const target = join(machineB, 'reg');
      const pulled = await runCli(
        ['pull', 'carry-reg', target, '--token', p.tokens.other],
        '',
        env(machineB),
      );
      expect(pulled.code).toBe(0);
      expect(readFileSync(join(target, 'probe.dat')).equals(bytes)).toBe(true);
    }, 60_000);

    it('resumes an interrupted artifact upload from the offset the platform kept (the client library)', async () => {
      const bytes = randomBytes(700_000);
      const path = join(machineA, 'resume.bin');
      writeFileSync(path, bytes);
      const sha = sha256(bytes);
      // The first 300 000 bytes arrived before the connection was cut.
      const first = await fetch(`${urls.files}/artifacts/${sha}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${p.tokens.user}`,
          'content-type': 'application/octet-stream',
          'content-range': `bytes 0-299999/${bytes.length}`,
        },
        body: bytes.subarray(0, 300_000),
      });
      expect(first.status).toBe(200);
      const client = new FilesClient(urls.files, { token: p.tokens.user });
      const seen: number[] = [];
      const state = await client.uploadArtifact(sha, path, {
        partBytes: 256 * 1024,
        onProgress: (sent) => seen.push(sent),
      });
      expect(state).toMatchObject({ sha256: sha, stored: true, size: bytes.length, created: true });
      // It went on from the kept offset, part by part, never from zero.
      expect(seen[0]).toBe(300_000);
      expect(seen).toEqual([300_000, 300_000 + 262_144, bytes.length]);
    });

    it('resumes an interrupted artifact download from the bytes it kept, verifying the whole (the client library)', async () => {
      const client = new FilesClient(urls.files, { token: p.tokens.other });
      const [field] = (await client.getRunFiles('carry-1')).filter((f) => f.name === 'mesh/field.vtk');
      const whole = readFileSync(join(machineB, 'carry-1', 'mesh/field.vtk'));
      const dir = join(machineB, 'resumed');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, 'field.vtk');
      // A pull cut after its first MiB left that much in the .part file.
      writeFileSync(`${path}.part`, whole.subarray(0, 1024 * 1024));
      let received = 0;
      const got = await client.downloadArtifact('carry-1', field, path, (n) => (received += n));
      expect(got).toEqual({ bytes: whole.length, sha256: sha256(whole), resumedFrom: 1024 * 1024 });
      expect(readFileSync(path).equals(whole)).toBe(true);
      expect(received).toBe(whole.length);
      expect(existsSync(`${path}.part`)).toBe(false);
      // A damaged part is not trusted: the whole file is read again, and is right.
      rmSync(path);
      writeFileSync(`${path}.part`, randomBytes(4096));
      expect(await client.downloadArtifact('carry-1', field, path)).toEqual({
        bytes: whole.length,
        sha256: sha256(whole),
        resumedFrom: 0,
      });
      expect(readFileSync(path).equals(whole)).toBe(true);
    });

    it('resumes an interrupted run-file download from the bytes it kept, in the client library and in simvault pull', async () => {
      const client = new ResultsClient(urls.results, { token: p.tokens.other });
      const result = (await client.getResult('carry-1'))!;
      const { checksum, size_bytes: size } = result.run_file!;
      const whole = readFileSync(join(machineB, 'carry-1', 'carry-1.db'));
      expect(sha256(whole)).toBe(checksum);
      expect(whole.length).toBe(size);
      const dir = join(machineB, 'run-file-resumed');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, 'carry-1.db');
      const kept = Math.floor(whole.length / 2);
      writeFileSync(`${path}.part`, whole.subarray(0, kept));
      let received = 0;
      const got = await client.pullRunFile('carry-1', path, { size: size!, sha256: checksum }, (n) => {
        received += n;
      });
      expect(got).toEqual({ bytes: whole.length, sha256: checksum, resumedFrom: kept });
      expect(readFileSync(path).equals(whole)).toBe(true);
      expect(received).toBe(whole.length);
      expect(existsSync(`${path}.part`)).toBe(false);

      // simvault pull into a directory where a cut pull left part of the run file.
      const target = join(machineB, 'pull-resumed');
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, 'carry-1.db.part'), whole.subarray(0, 4096));
      const pulled = await runCli(['pull', 'carry-1', target, '--token', p.tokens.other], '', env(machineB));
      expect(pulled.code).toBe(0);
      expect(readFileSync(join(target, 'carry-1.db')).equals(whole)).toBe(true);
      expect(existsSync(join(target, 'carry-1.db.part'))).toBe(false);
    });

    it('draws the byte progress bar', () => {
      expect(bytesLine(0, 4 * 1024 * 1024, 'a.bin', 8)).toBe('[--------] 0.0/4.0 MB  a.bin');
      expect(bytesLine(2 * 1024 * 1024, 4 * 1024 * 1024, 'a.bin', 8)).toBe('[####----] 2.0/4.0 MB  a.bin');
    });
  },
);
