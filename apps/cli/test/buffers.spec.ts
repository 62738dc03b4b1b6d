import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The built CLI, as an operator runs it (run `npx tsc -b apps/cli` first).
const CLI = resolve(__dirname, '../dist/main.js');

const sha256 = (b: string) => createHash('sha256').update(b).digest('hex');
const sha3 = (b: string) => createHash('sha3-256').update(b).digest('hex');

function simvault(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', SIMVAULT_LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((ok) => child.once('exit', (code) => ok({ code, output })));
}

/** Writes `content` where the store keeps the buffer named `checksum` (prefix layout unless flat). */
function place(dir: string, checksum: string, content: string, flat = false): string {
  const path = flat ? join(dir, checksum) : join(dir, checksum.slice(0, 2), checksum);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('simvault buffers verify (the built CLI)', () => {
  let dataDir: string;
  let extra: string;
  let buffers: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'simvault-verify-'));
    extra = mkdtempSync(join(tmpdir(), 'simvault-verify-extra-'));
    buffers = join(dataDir, 'buffers');
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(extra, { recursive: true, force: true });
  });

  it('reports a sound store and exits 0', async () => {
    place(buffers, sha256('one'), 'one');
    place(buffers, sha256('two'), 'two');
    const { code, output } = await simvault(['buffers', 'verify', '--data-dir', dataDir]);
    expect(output).toContain(`Checked 2 buffers (6 bytes, sha-256) in ${buffers}: 0 corrupt.`);
    expect(code).toBe(0);
    // A check writes nothing: not even the development signing secret.
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('finds the store from SIMVAULT_DATA_DIR when --data-dir is not given', async () => {
    place(buffers, sha256('from the environment'), 'from the environment');
    const { code, output } = await simvault(['buffers', 'verify'], { SIMVAULT_DATA_DIR: dataDir });
    expect(output).toContain(`Checked 1 buffer (20 bytes, sha-256) in ${buffers}: 0 corrupt.`);
    expect(code).toBe(0);
  });

  it("checks the file manager's content store with --files, and only it", async () => {
    const content = join(dataDir, 'files-content');
    place(buffers, sha256('seamless'), 'rot in the buffer store');
    const rotten = place(content, sha256('upload'), 'rot in an upload');
    place(content, sha256('kept'), 'kept');
    const { code, output } = await simvault(['buffers', 'verify', '--files', '--data-dir', dataDir]);
    expect(output).toContain(`corrupt  ${rotten}  (content hashes to ${sha256('rot in an upload')}; kept)`);
    expect(output).toContain(`in ${content}: 1 corrupt.`);
    expect(output).toContain('Run `simvault buffers verify --remove --files`');
    expect(code).toBe(1);
  });

  it('reports corrupt buffers in every directory, exits 1, and changes nothing without --remove', async () => {
    place(buffers, sha256('good'), 'good');
    const rotten = place(buffers, sha256('rotten'), 'bitrot');
    const rottenExtra = place(extra, sha256('extra'), 'decayed', true);
    const env = { SIMVAULT_BUFFER_EXTRA_DIRS: extra };

    const look = await simvault(['buffers', 'verify', '--data-dir', dataDir], env);
    expect(look.code).toBe(1);
    expect(look.output).toContain(`corrupt  ${rotten}  (content hashes to ${sha256('bitrot')}; kept)`);
    expect(look.output).toContain(
      `corrupt  ${rottenExtra}  (content hashes to ${sha256('decayed')}; kept: read-only directory)`,
    );
    expect(look.output).toContain(
      `Checked 3 buffers (17 bytes, sha-256) in ${buffers}, ${extra}: 2 corrupt.`,
    );
    expect(look.output).toContain('Run `simvault buffers verify --remove`');
    expect(readFileSync(rotten, 'utf8')).toBe('bitrot');

    const fix = await simvault(['buffers', 'verify', '--remove', '--data-dir', dataDir], env);
    expect(fix.output).toContain(`corrupt  ${rotten}  (content hashes to ${sha256('bitrot')}; removed)`);
    expect(fix.output).toContain('2 corrupt, 1 removed.');
    expect(existsSync(rotten)).toBe(false);
    expect(readFileSync(rottenExtra, 'utf8')).toBe('decayed');
    // The read-only directory still holds a corrupt buffer, which only its owner can remove.
    expect(fix.code).toBe(1);

    rmSync(extra, { recursive: true });
    mkdirSync(extra);
    const clean = await simvault(['buffers', 'verify', '--data-dir', dataDir], env);
    expect(clean.output).toContain('Checked 1 buffer (4 bytes, sha-256)');
    expect(clean.code).toBe(0);
  });

  it('hashes with the configured hash', async () => {
    place(buffers, sha3('sha3 buffer'), 'sha3 buffer');
    const asSha256 = await simvault(['buffers', 'verify', '--data-dir', dataDir]);
    expect(asSha256.code).toBe(1);
    const asSha3 = await simvault(['buffers', 'verify', '--data-dir', dataDir], {
      SIMVAULT_BUFFER_HASH: 'sha3-256',
    });
    expect(asSha3.output).toContain('0 corrupt.');
    expect(asSha3.code).toBe(0);
  });

  it('fails with a sentence when there is no store to verify', async () => {
    const { code, output } = await simvault(['buffers', 'verify', '--data-dir', dataDir]);
    expect(code).toBe(1);
    expect(output).toContain(`The buffer directory ${buffers} does not exist.`);
    expect(existsSync(buffers)).toBe(false);
  });
});
