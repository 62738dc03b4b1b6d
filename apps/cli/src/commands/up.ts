import { AdminBootstrapService } from '@simvault/app-auth';
import { closeOnSignal, createLogger, loadConfig, startApp, type SimvaultConfig } from '@simvault/core';
import { parseDatabaseUrl } from '@simvault/db';
import { APPS, DATABASE_APPS } from '../apps';

/** Starts every app in this one process, on the configured databases (SQLite under ./data by default). */
export async function up(
  options: { dataDir?: string; host?: string },
  write: (line: string) => void = console.log,
) {
  const config = loadConfig(undefined, { SIMVAULT_DATA_DIR: options.dataDir, SIMVAULT_HOST: options.host });
  const logger = createLogger(config.logLevel);
  const started: { name: string; url: string; app: Awaited<ReturnType<typeof startApp>> }[] = [];
  try {
    for (const spec of APPS.map((app) => app.spec(config, logger))) {
      const app = await startApp(spec, config, logger);
      started.push({ name: spec.name, url: `http://${displayHost(config)}:${spec.port}`, app });
    }
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.app.close()));
    throw error;
  }
  closeOnSignal(
    started.map((s) => s.app),
    logger,
  );
  write(
    banner(
      config,
      started,
      started[0].app.get(AdminBootstrapService).credentials,
      Boolean(process.stdout.isTTY),
    ),
  );
  return started;
}

function displayHost(config: SimvaultConfig) {
  return config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
}

function banner(
  config: SimvaultConfig,
  apps: { name: string; url: string }[],
  admin: AdminBootstrapService['credentials'],
  /** A person reading a terminal may see the password; redirected output is a log, which names the file. */
  terminal: boolean,
): string {
  const storage = [
    ...new Set(
      DATABASE_APPS.map((a) => a.service)
        .filter((service) => apps.some((a) => a.name === service))
        .map((service) => parseDatabaseUrl(config.databaseUrls[service]).backend),
    ),
  ];
  const lines = [
    '',
    `Simvault is up: ${apps.length} app${apps.length > 1 ? 's' : ''}, ${storage.join(' + ')} (data in ${config.dataDir}), ${config.redisUrl ? 'Redis queues' : 'in-process queues'}.`,
    '',
    ...apps.map((a) =>
      a.name === 'console'
        ? `  ${a.name.padEnd(8)} ${a.url.padEnd(24)} the web console: open it in a browser`
        : `  ${a.name.padEnd(8)} ${a.url.padEnd(24)} docs: ${a.url}/docs`,
    ),
    '',
  ];
  if (admin) {
    lines.push(`Admin user: ${admin.username}`);
    if (admin.password && admin.passwordFile && !terminal)
      lines.push(`Admin password: in ${admin.passwordFile} (mode 0600)`);
    else if (admin.password && admin.passwordFile)
      lines.push(`Admin password: ${admin.password}   (kept in ${admin.passwordFile}, mode 0600)`);
    else if (admin.password) lines.push('Admin password: the one set with SIMVAULT_ADMIN_PASSWORD.');
    else lines.push('Admin password: the one set with SIMVAULT_ADMIN_PASSWORD when the account was created.');
  }
  lines.push(
    '',
    `Try: curl -s -X POST ${apps[0].url}/session/login -H 'content-type: application/json' -d '{"username":"${admin?.username ?? 'admin'}","password":"…"}'`,
    'Stop with Ctrl-C.',
    '',
  );
  return lines.join('\n');
}
