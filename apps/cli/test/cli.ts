import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The built CLI, as an operator runs it (build first: `npx tsc -b apps/cli`). */
export const CLI = resolve(__dirname, '../dist/main.js');

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** `simvault up` as a real process with exactly `env`; resolves once it printed its banner. */
export async function startUp(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'up'], { env });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no banner in 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      if (output.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        ok();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`simvault up exited ${code}:\n${output}`));
    });
  });
  return { child, output: () => output };
}
