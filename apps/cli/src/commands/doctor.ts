import { accessSync, constants, existsSync, mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig, type SimvaultConfig } from '@simvault/core';
import { openDatabase, parseDatabaseUrl, redact } from '@simvault/db';
import { pingRedis } from '@simvault/queue';
import { WEB_DIR } from '@simvault/app-console';
import { DATABASE_APPS } from '../apps';

type Verdict = 'ok' | 'warn' | 'fail';
interface Finding {
  verdict: Verdict;
  what: string;
  fix?: string;
}

const MARK: Record<Verdict, string> = { ok: '✓', warn: '!', fail: '✗' };
const GiB = 1024 ** 3;

async function databaseFindings(config: SimvaultConfig): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { service, schema } of DATABASE_APPS) {
    const url = config.databaseUrls[service];
    const location = parseDatabaseUrl(url);
    if (location.backend === 'sqlite' && !existsSync(location.target)) {
      findings.push({
        verdict: 'warn',
        what: `${service}: ${location.target} does not exist yet`,
        fix: 'it is created by `simvault up` or `simvault migrate`',
      });
      continue;
    }
    try {
      const ds = await openDatabase({ url, ...schema, runMigrations: false });
      try {
        const executed = new Set(
          (
            (await ds.query(`SELECT name FROM ${schema.migrationsTableName}`).catch(() => [])) as {
              name: string;
            }[]
          ).map((r) => r.name),
        );
        const pending = schema.migrations
          .map((m) => (m as unknown as { name: string }).name)
          .filter((n) => !executed.has(n));
        findings.push(
          pending.length
            ? {
                verdict: 'fail',
                what: `${service}: ${redact(url)} answers; ${pending.length} migration(s) pending`,
                fix: 'run `simvault migrate`',
              }
            : { verdict: 'ok', what: `${service}: ${redact(url)} answers; schema up to date` },
        );
      } finally {
        await ds.destroy();
      }
    } catch (error) {
      findings.push({
        verdict: 'fail',
        what: `${service}: ${error instanceof Error ? error.message : String(error)}`,
        fix:
          location.backend === 'postgres'
            ? 'check that PostgreSQL runs, the database exists and the URL is right'
            : 'check the path and its permissions',
      });
    }
  }
  return findings;
}

async function checks(config: SimvaultConfig): Promise<Finding[]> {
  const findings: Finding[] = [{ verdict: 'ok', what: `configuration: valid (${config.mode} mode)` }];
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
    const fs = statfsSync(config.dataDir);
    const free = fs.bavail * fs.bsize;
    const share = fs.bavail / fs.blocks;
    const what = `disk: ${(free / GiB).toFixed(1)} GiB free (${(share * 100).toFixed(0)} %) at ${config.dataDir}`;
    if (free < GiB / 2)
      findings.push({ verdict: 'fail', what, fix: 'free space or point SIMVAULT_DATA_DIR at a larger disk' });
    else if (share < 0.05)
      findings.push({ verdict: 'warn', what, fix: 'less than 5 % free: buffers and run files will fill it' });
    else findings.push({ verdict: 'ok', what });
  } catch (error) {
    findings.push({
      verdict: 'fail',
      what: `data directory ${config.dataDir}: ${(error as Error).message}`,
      fix: 'create it or make it writable for this user',
    });
  }
  findings.push(...(await databaseFindings(config)));
  findings.push(
    existsSync(join(WEB_DIR, 'index.html'))
      ? { verdict: 'ok', what: `console: front end built (${WEB_DIR}), port ${config.console.port}` }
      : {
          verdict: 'warn',
          what: `console: the front end is not built (${WEB_DIR} is missing); the console answers 503`,
          fix: 'run `npx pnpm@12.21.0 build`',
        },
  );
  if (config.redisUrl) {
    try {
      await pingRedis(config.redisUrl);
      findings.push({ verdict: 'ok', what: `redis: ${redact(config.redisUrl)} answers` });
    } catch (error) {
      findings.push({
        verdict: 'fail',
        what: `redis: ${redact(config.redisUrl)}: ${(error as Error).message}`,
        fix: 'start Redis or unset SIMVAULT_REDIS_URL to run queues in-process',
      });
    }
  } else {
    findings.push({
      verdict: 'ok',
      what: 'redis: not configured; queues run in-process (one process per app set)',
    });
  }
  if (config.mode === 'production') {
    if (config.auth.anonymous.enabled)
      findings.push({
        verdict: 'warn',
        what: 'anonymous sessions are on in production',
        fix: 'set SIMVAULT_ANONYMOUS_SESSIONS=false unless you mean it',
      });
    if (Object.values(config.databaseUrls).some((u) => u.startsWith('sqlite:'))) {
      findings.push({
        verdict: 'warn',
        what: 'production mode on SQLite',
        fix: 'use PostgreSQL (SIMVAULT_<SERVICE>_DATABASE_URL) to run replicas',
      });
    }
  }
  return findings;
}

export function registerDoctorCommand(program: Command, write: (line: string) => void = console.log) {
  program
    .command('doctor')
    .description('Check configuration, databases and migrations, Redis and disk space, and say what to fix.')
    .action(async () => {
      let config: SimvaultConfig;
      try {
        config = loadConfig();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        for (const problem of error.problems) write(`${MARK.fail} configuration: ${problem}`);
        process.exitCode = 1;
        return;
      }
      const findings = await checks(config);
      for (const f of findings) write(`${MARK[f.verdict]} ${f.what}${f.fix ? ` — ${f.fix}` : ''}`);
      const failed = findings.filter((f) => f.verdict === 'fail').length;
      write(failed ? `\n${failed} problem(s) to fix.` : '\nAll good.');
      if (failed) process.exitCode = 1;
    });
}
