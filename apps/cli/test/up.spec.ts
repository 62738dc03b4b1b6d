import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, freePort } from './cli';

describe('simvault up (the built CLI, as a user runs it)', () => {
  it('starts the platform on SQLite, prints URLs and admin credentials, serves logins, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'simvault-up-'));
    const port = await freePort();
    const cachePort = await freePort();
    const env = {
      ...process.env,
      SIMVAULT_AUTH_PORT: String(port),
      SIMVAULT_CACHE_PORT: String(cachePort),
      SIMVAULT_SEAMLESS_PORT: String(await freePort()),
      SIMVAULT_CATALOG_PORT: String(await freePort()),
      SIMVAULT_RESULTS_PORT: String(await freePort()),
      SIMVAULT_FILES_PORT: String(await freePort()),
      SIMVAULT_CONSOLE_PORT: String(await freePort()),
      SIMVAULT_LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    };
    delete env.SIMVAULT_ADMIN_PASSWORD;
    const child = spawn(process.execPath, [CLI, 'up', '--data-dir', dataDir], { env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no banner in 20 s:\n${output}`)), 20_000);
        child.stdout.on('data', () => {
          if (output.includes('Stop with Ctrl-C')) {
            clearTimeout(timer);
            ok();
          }
        });
        child.once('exit', (code) => fail(new Error(`exited ${code}:\n${output}`)));
      });
      expect(output).toContain(`auth     http://127.0.0.1:${port}`);
      expect(output).toContain(`cache    http://127.0.0.1:${cachePort}`);
      for (const service of ['catalog', 'results', 'files'])
        expect(output).toContain(
          `${service.padEnd(8)} http://127.0.0.1:${env[`SIMVAULT_${service.toUpperCase()}_PORT`]}`,
        );
      // The console is part of it, and serves its page.
      const consoleUrl = `http://127.0.0.1:${env.SIMVAULT_CONSOLE_PORT}`;
      expect(output).toContain(`console  ${consoleUrl}`);
      const page = await fetch(consoleUrl);
      expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<div id="app">')]);
      // Not a terminal: what it prints is a log, which names the password's file, never the password.
      const file = join(dataDir, 'admin-password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(output).toContain(`Admin password: in ${file} (mode 0600)`);
      expect(output).not.toContain(password);
      expect(statSync(join(dataDir, 'auth.sqlite')).isFile()).toBe(true);
      const res = await fetch(`http://127.0.0.1:${port}/session/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(res.status).toBe(200);
      // The token from the auth app works on the cache app, both on SQLite files in the data dir.
      const { token } = (await res.json()) as { token: string };
      const hit = await fetch(`http://127.0.0.1:${cachePort}/cache/stats`, {
        headers: { 'x-session-id': token },
      });
      expect(hit.status).toBe(200);
      expect(statSync(join(dataDir, 'cache.sqlite')).isFile()).toBe(true);
      const exit = new Promise<number | null>((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
