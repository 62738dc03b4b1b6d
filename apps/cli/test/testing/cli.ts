import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

const CLI = resolve(__dirname, '../../dist/main.js');

/** The built `simvault` in a process of its own, its output (stdout and stderr) gathered. */
export function startCli(
  args: string[],
  input = '',
  env: Record<string, string> = {},
): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, SIMVAULT_LOG_LEVEL: 'error', ...env },
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
): Promise<{ code: number | null; out: string }> {
  const { child, output } = startCli(args, input, env);
  return new Promise((ok) => child.on('exit', (code) => ok({ code, out: output() })));
}
