import { spawn } from 'node:child_process';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { CLI, freePort } from './cli';

/** An upstream that answers its own name and echoes what it was sent. */
function upstream(name: string, host: string, port: number): Promise<Server> {
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.end(`${name}:${body}`));
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

/** One request on a connection of its own (as each new client of the gateway is). */
function ask(port: number, body = ''): Promise<string> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => ok(text));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('simvault gateway (the built CLI)', () => {
  it('spreads connections over every address of the upstream name, and skips one that stops answering', async () => {
    // Two upstreams on one port, as the replicas of a compose service are (there, one name).
    const port = await freePort();
    const v4 = await upstream('one', '127.0.0.1', port);
    const v6 = await upstream('two', '127.0.0.2', port);
    const listen = await freePort();
    const child = spawn(
      process.execPath,
      [CLI, 'gateway', '--route', `${listen}=127.0.0.1,127.0.0.2:${port}`],
      {
        env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      },
    );
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    try {
      for (let i = 0; i < 100 && !output.includes('gateway listening'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('"service":"gateway"');
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await ask(listen, `n${i}`));
      expect(answers.filter((a) => a.startsWith('one:')).length).toBe(3);
      expect(answers.filter((a) => a.startsWith('two:')).length).toBe(3);
      expect(answers.map((a) => a.split(':')[1])).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
      // A large body passes unchanged.
      const big = 'x'.repeat(5 * 1024 * 1024);
      expect((await ask(listen, big)).slice(4)).toBe(big);

      await new Promise((ok) => v6.close(ok));
      const after = await Promise.all([1, 2, 3, 4].map(() => ask(listen)));
      expect(after).toEqual(['one:', 'one:', 'one:', 'one:']);

      const exit = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await new Promise((ok) => v4.close(ok));
      if (v6.listening) await new Promise((ok) => v6.close(ok));
    }
  });

  it('refuses a route it cannot read', async () => {
    const child = spawn(process.execPath, [CLI, 'gateway', '--route', 'cache:8001'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test' },
    });
    let output = '';
    child.stderr.on('data', (c) => (output += c));
    const code = await new Promise((ok) => child.once('exit', ok));
    expect(code).toBe(1);
    expect(output).toContain('A route is "<port>=<host>:<port>", e.g. 8001=cache:8001 (got "cache:8001").');
  });
});
