import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The README's install puts the three executables in the workspace's node_modules/.bin (the root
 * package depends on @simvault/cli, whose bins are committed shims over the build), so
 * `npx pnpm@12.21.0 exec hashserver ...` or a PATH entry reaches them without hand-made links.
 */
describe('executables after install', () => {
  const bin = resolve(__dirname, '../../../node_modules/.bin');
  const run = (name: string) =>
    execFileSync(resolve(bin, name), ['--help'], { encoding: 'utf8', timeout: 20_000 });

  it('simvault', () => expect(run('simvault')).toMatch(/Usage: simvault/));
  it('seamless-database', () => expect(run('seamless-database')).toMatch(/usage: seamless-database/));
  it('hashserver', () => expect(run('hashserver')).toMatch(/hashserver/));
});
