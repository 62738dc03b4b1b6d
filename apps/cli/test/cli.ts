import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
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
  // The console too gets a port of its own, so that runs in parallel never meet on its default.
  env = { SIMVAULT_CONSOLE_PORT: String(await freePort()), ...env };
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

/** The built `simvault` in a process of its own, its output (stdout and stderr) gathered. */
export function startCli(
  args: string[],
  input = '',
  env: Record<string, string> = {},
  cwd?: string,
): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, SIMVAULT_LOG_LEVEL: 'error', ...env },
    cwd,
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  child.stdin.end(input);
  return { child, output: () => out };
}

/** Runs `simvault` to its end: its exit code and output. */
export function runCli(
  args: string[],
  input = '',
  env: Record<string, string> = {},
  cwd?: string,
): Promise<{ code: number | null; out: string }> {
  const { child, output } = startCli(args, input, env, cwd);
  return new Promise((ok) => child.on('exit', (code) => ok({ code, out: output() })));
}
