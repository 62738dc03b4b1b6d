import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { ServiceName, SimvaultConfig } from '@simvault/core';
import { backupSqlite, parseDatabaseUrl, sqliteIsHealthy } from '@simvault/db';
import { APPS, DATABASE_APPS } from '../apps';
import { operatorConfig } from '../operator/context';

interface Manifest {
  format: 'simvault-backup';
  version: 1;
  created_at: string;
  databases: { service: ServiceName; file: string; pages: number }[];
  directories: { name: StoreName; files: number }[];
  secrets: string[];
}

type StoreName = 'buffers' | 'files-content' | 'runs' | 'run-artifacts';

/** The content-addressed stores a backup holds, by the name of their folder in it. */
function stores(config: SimvaultConfig): Record<StoreName, string> {
  return {
    buffers: config.buffers.dir,
    'files-content': config.files.contentDir,
    runs: config.results.runStoreDir,
    'run-artifacts': config.files.artifactDir,
  };
}

/** Content-addressed stores are copied file by file; partial uploads (temporary files) are not. */
function copyStore(from: string, to: string): number {
  if (!existsSync(from)) return 0;
  let files = 0;
  cpSync(from, to, {
    recursive: true,
    force: false,
    filter: (src) => {
      const name = basename(src);
      if (name.startsWith('.') || name.endsWith('.tmp') || name.includes('.tmp-')) return false;
      if (statSync(src).isFile()) files++;
      return true;
    },
  });
  return files;
}

function portInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(true))
      .listen(port, host, () => server.close(() => resolve(false)));
  });
}

export function registerBackupCommands(program: Command, write: (line: string) => void = console.log) {
  program
    .command('backup <dir>')
    .description(
      'Copy the SQLite databases (consistently, while the platform runs), the buffer, file-content, run and run-artifact stores and the signing secret into <dir>. PostgreSQL databases: use pg_dump.',
    )
    .action(async (dir: string) => {
      const config = operatorConfig();
      if (existsSync(dir) && readdirSync(dir).length > 0)
        throw new Error(`${dir} is not empty; back up into a new directory.`);
      mkdirSync(dir, { recursive: true });
      const manifest: Manifest = {
        format: 'simvault-backup',
        version: 1,
        created_at: new Date().toISOString(),
        databases: [],
        directories: [],
        secrets: [],
      };
      for (const { service } of DATABASE_APPS) {
        const location = parseDatabaseUrl(config.databaseUrls[service]);
        if (location.backend !== 'sqlite') {
          write(`${service.padEnd(8)} PostgreSQL: not copied (use pg_dump; see docs/operations.md)`);
          continue;
        }
        if (!existsSync(location.target)) continue;
        const file = `${service}.sqlite`;
        const pages = await backupSqlite(location.target, join(dir, file));
        manifest.databases.push({ service, file, pages });
        write(`${service.padEnd(8)} ${location.target} → ${file} (${pages} pages)`);
      }
      for (const [name, from] of Object.entries(stores(config)) as [StoreName, string][]) {
        const files = copyStore(from, join(dir, name));
        if (files > 0) {
          manifest.directories.push({ name, files });
          write(`${name.padEnd(8)} ${from} → ${name}/ (${files} files)`);
        }
      }
      const secret = join(config.dataDir, 'jwt-secret');
      if (existsSync(secret)) {
        copyFileSync(secret, join(dir, 'jwt-secret'));
        chmodSync(join(dir, 'jwt-secret'), 0o600);
        manifest.secrets.push('jwt-secret');
      }
      writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      write(`backup complete: ${dir}`);
    });

  program
    .command('restore <dir>')
    .description('Put a backup made by `simvault backup` back in place. Stop the platform first.')
    .option('--force', 'replace existing databases')
    .action(async (dir: string, options: { force?: boolean }) => {
      const config = operatorConfig();
      const manifestPath = join(dir, 'manifest.json');
      if (!existsSync(manifestPath)) throw new Error(`${dir} holds no manifest.json: not a Simvault backup.`);
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      if (manifest.format !== 'simvault-backup' || manifest.version !== 1)
        throw new Error(`${dir} is not a backup this version can restore.`);
      const busy = await runningApps(config);
      if (busy.length > 0)
        throw new Error(
          `The platform seems to be running (ports in use: ${busy.join(', ')}); stop it before restoring.`,
        );
      const unknown = manifest.directories.find(({ name }) => !(name in stores(config)));
      if (unknown)
        throw new Error(`${manifestPath} names a store this version does not know: "${unknown.name}".`);
      for (const { service, file } of manifest.databases) {
        const source = join(dir, file);
        if (!sqliteIsHealthy(source))
          throw new Error(`${file} in the backup fails SQLite's integrity check; nothing was restored.`);
        const location = parseDatabaseUrl(config.databaseUrls[service]);
        if (location.backend !== 'sqlite')
          throw new Error(`${service} now uses PostgreSQL; restore its SQLite backup by hand.`);
        if (existsSync(location.target) && !options.force)
          throw new Error(`${location.target} exists; add --force to replace it.`);
      }
      for (const { service, file } of manifest.databases) {
        const target = parseDatabaseUrl(config.databaseUrls[service]).target;
        mkdirSync(join(target, '..'), { recursive: true });
        copyFileSync(join(dir, file), `${target}.restore`);
        for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
        renameSync(`${target}.restore`, target);
        write(`${service.padEnd(8)} ${file} → ${target}`);
      }
      for (const { name } of manifest.directories) {
        const target = stores(config)[name];
        const files = copyStore(join(dir, name), target);
        write(`${name.padEnd(8)} ${name}/ → ${target} (${files} files)`);
      }
      if (manifest.secrets.includes('jwt-secret')) {
        mkdirSync(config.dataDir, { recursive: true });
        copyFileSync(join(dir, 'jwt-secret'), join(config.dataDir, 'jwt-secret'));
        chmodSync(join(config.dataDir, 'jwt-secret'), 0o600);
      }
      write('restore complete');
    });
}

async function runningApps(config: SimvaultConfig): Promise<number[]> {
  const busy: number[] = [];
  for (const app of APPS) {
    if (await portInUse(app.port(config), config.host)) busy.push(app.port(config));
  }
  return busy;
}
