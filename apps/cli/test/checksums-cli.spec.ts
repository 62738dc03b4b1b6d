import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { cacheSchema } from '@simvault/app-cache';
import { BufferStore } from '@simvault/buffers';
import { openDatabase } from '@simvault/db';
import { createTestDatabase, TEST_BACKENDS } from '@simvault/db/testing';
import { ChecksumRecordsService, parseChecksum } from '@simvault/seamless';

const CLI = resolve(__dirname, '../dist/main.js');
const hex = () => randomBytes(32).toString('hex');

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, SIMVAULT_LOG_LEVEL: 'error', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => ok({ code, out, err }));
  });
}

describe.each(TEST_BACKENDS)('simvault checksums delete-from-log on %s', (backend) => {
  it('deletes the records and buffers a log names, answering DELETED or NOT_FOUND per line', async () => {
    const db = await createTestDatabase(backend, 'dblog');
    const env = {
      SIMVAULT_DATA_DIR: db.dir,
      SIMVAULT_CACHE_DATABASE_URL: backend === 'sqlite' ? `sqlite:${join(db.dir, 'cache.sqlite')}` : db.url,
    };
    try {
      const ds = await openDatabase({
        url: env.SIMVAULT_CACHE_DATABASE_URL,
        ...cacheSchema,
        runMigrations: true,
      });
      const records = new ChecksumRecordsService(ds);
      const bytes = randomBytes(1000);
      const result = createHash('sha256').update(bytes).digest('hex');
      const [tf, kept, absent] = [hex(), hex(), hex()];
      await records.putTransformation(parseChecksum(tf)!, parseChecksum(result)!);
      await records.putTransformation(parseChecksum(kept)!, parseChecksum(result)!);
      const store = await BufferStore.open({ dir: join(db.dir, 'buffers') });
      await store.put(result, Readable.from([bytes]));
      const log = join(db.dir, 'dblog.txt');
      writeFileSync(
        log,
        `transformation ${tf.toUpperCase()}\nbuffer ${result}\n\nbuffer_info ${absent}\nbuffer ${result}\nnonsense here\n`,
      );

      const res = await run(['checksums', 'delete-from-log', log], env);
      expect(res.out.trim().split('\n')).toEqual([
        'DELETED',
        'DELETED',
        `NOT_FOUND buffer_info ${absent}`,
        `NOT_FOUND buffer ${result}`,
      ]);
      expect(res.err).toContain(`${log}:6: expected "<type> <checksum>"`);
      expect(res.code).toBe(1);
      expect(await records.getTransformation(parseChecksum(tf)!)).toBeUndefined();
      expect(await records.getTransformation(parseChecksum(kept)!)).toBe(result);
      expect(await store.has(result)).toBe(false);
      await ds.destroy();
    } finally {
      await db.drop();
    }
  });
});
