import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../test/compose';

/** Runs a command to its end; answers its standard output, or throws with everything it printed. */
export function sh(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(
      command,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? fail(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`))
          : ok(stdout),
    );
  });
}

/** `docker-compose` (1.29, Debian's) on the repository's own docker-compose.yml, as one project. */
export class ComposeProject {
  constructor(
    readonly name: string,
    private readonly envFile: string,
  ) {}

  run(...args: string[]): Promise<string> {
    return sh('docker-compose', [
      '-p',
      this.name,
      '--env-file',
      this.envFile,
      '-f',
      join(ROOT, 'docker-compose.yml'),
      ...args,
    ]);
  }

  /** The services that have a container (`ps --services` also lists those of unused profiles). */
  async services(): Promise<string[]> {
    const label = `label=com.docker.compose.project=${this.name}`;
    const format = '{{.Label "com.docker.compose.service"}}';
    const names = await sh('docker', ['ps', '-a', '--filter', label, '--format', format]);
    return [...new Set(names.split('\n').filter(Boolean))];
  }

  /** Container ids of a service (every replica), in replica order. */
  async containers(service?: string): Promise<string[]> {
    const ids = (await this.run('ps', '-q', ...(service ? [service] : []))).split('\n').filter(Boolean);
    const named = await Promise.all(
      ids.map(async (id) => ({ id, name: (await sh('docker', ['inspect', '-f', '{{.Name}}', id])).trim() })),
    );
    const replica = (name: string) => Number(/_(\d+)$/.exec(name)?.[1] ?? 0);
    return named.sort((a, b) => replica(a.name) - replica(b.name)).map((c) => c.id);
  }

  /** Waits until every container of the project reports a healthy healthcheck. */
  async waitHealthy(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ids = await this.containers();
      const states = await Promise.all(
        ids.map(async (id) =>
          (
            await sh('docker', ['inspect', '-f', '{{.Name}} {{.State.Status}} {{.State.Health.Status}}', id])
          ).trim(),
        ),
      );
      if (states.length > 0 && states.every((s) => s.endsWith(' running healthy'))) return;
      if (Date.now() > deadline) throw new Error(`not every container became healthy:\n${states.join('\n')}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** Environment variables a container was started with. */
  async env(id: string): Promise<Record<string, string>> {
    const list = JSON.parse(await sh('docker', ['inspect', '-f', '{{json .Config.Env}}', id])) as string[];
    return Object.fromEntries(list.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  }

  /** Runs `node -e <script>` inside a container (its own 127.0.0.1), answering what it prints. */
  async nodeIn(id: string, script: string): Promise<string> {
    return (await sh('docker', ['exec', id, 'node', '-e', script])).trim();
  }
}

/** Every image id the engine holds, intermediate build images included. */
export function imageIds(): Set<string> {
  return new Set(
    execFileSync('docker', ['image', 'ls', '-aq', '--no-trunc']).toString().split('\n').filter(Boolean),
  );
}
