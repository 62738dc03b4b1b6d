import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import {
  BufferStore,
  BufferTooLargeError,
  ChecksumMismatchError,
  CorruptBufferError,
  DEFAULT_MAX_BUFFER_BYTES,
  PREFIX_MARKER,
  ReadOnlyStoreError,
} from './buffer-store';
import { InvalidInputError, parseChecksum } from './checksum';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sha3 = (b: Buffer) => createHash('sha3-256').update(b).digest('hex');

/** Every file and directory under `dir`, with what would change if anything wrote there. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const s = statSync(path);
      out.push(`${relative(dir, path)} ${s.isDirectory() ? 'dir' : s.size} ${s.ino} ${s.mtimeMs}`);
      if (s.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out;
}

/** Every file under `dir` (relative paths), directories left out. */
function files(dir: string): string[] {
  return snapshot(dir)
    .filter((line) => !line.includes(' dir '))
    .map((line) => line.split(' ')[0]);
}

async function* chunks(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield part;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('BufferStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'simvault-buffers-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores a verified buffer at <dir>/<cs[0:2]>/<cs> and serves it back', async () => {
    const store = await BufferStore.open({ dir: join(root, 'buffers') });
    const data = randomBytes(3000);
    const cs = sha256(data);
    expect(await store.put(cs.toUpperCase(), chunks(data.subarray(0, 1000), data.subarray(1000)))).toEqual({
      checksum: cs,
      length: 3000,
      created: true,
    });
    expect(readFileSync(join(root, 'buffers', cs.slice(0, 2), cs))).toEqual(data);
    expect(files(join(root, 'buffers')).sort()).toEqual([PREFIX_MARKER, `${cs.slice(0, 2)}/${cs}`].sort());

    expect(await store.put(cs, chunks(data))).toEqual({ checksum: cs, length: 3000, created: false });
    const open = await store.read(cs.toUpperCase());
    expect(open?.size).toBe(3000);
    expect(await readAll(open!.stream)).toEqual(data);
    const other = sha256(Buffer.from('other'));
    expect(await store.hasMany([cs, other])).toEqual([true, false]);
    expect(await store.lengths([cs, other])).toEqual([3000, null]);
    expect(await store.read(other)).toBeNull();
  });

  it('tells its listeners of each verified put, and a failing listener fails no upload', async () => {
    const warnings: string[] = [];
    const store = await BufferStore.open({ dir: root, logger: { warn: (_d, m) => warnings.push(m) } });
    const told: [string, number][] = [];
    store.onStored(async (checksum, length) => {
      told.push([checksum, length]);
    });
    store.onStored(async () => {
      throw new Error('index down');
    });
    const data = Buffer.from('listened');
    const cs = sha256(data);
    expect((await store.put(cs, chunks(data))).created).toBe(true);
    expect((await store.put(cs, chunks(data))).created).toBe(false);
    await expect(store.put(cs, chunks(Buffer.from('other')))).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(told).toEqual([
      [cs, data.length],
      [cs, data.length],
    ]);
    expect(warnings).toEqual([
      'A listener of stored buffers failed.',
      'A listener of stored buffers failed.',
    ]);
  });

  it('stores the empty buffer', async () => {
    const store = await BufferStore.open({ dir: root });
    const cs = sha256(Buffer.alloc(0));
    expect((await store.put(cs, chunks())).created).toBe(true);
    expect(await store.length(cs)).toBe(0);
    expect(await readAll((await store.read(cs))!.stream)).toEqual(Buffer.alloc(0));
  });

  it('uses the flat layout and SHA3-256 when asked', async () => {
    const store = await BufferStore.open({ dir: root, layout: 'flat', hash: 'sha3-256' });
    const data = Buffer.from('flat and sha3');
    await expect(store.put(sha256(data), chunks(data))).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect((await store.put(sha3(data), chunks(data))).created).toBe(true);
    expect(files(root)).toEqual([sha3(data)]);
  });

  it('leaves nothing behind when the checksum does not match', async () => {
    const store = await BufferStore.open({ dir: root });
    const before = snapshot(root);
    const claimed = sha256(Buffer.from('what the client meant'));
    const error = await store
      .put(claimed, chunks(Buffer.from('what the client sent')))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).actual).toBe(sha256(Buffer.from('what the client sent')));
    expect((error as Error).message).toMatch(
      /^The body's sha-256 checksum is [0-9a-f]{64}, not [0-9a-f]{64}; nothing was stored\.$/,
    );
    expect(snapshot(root)).toEqual(before);
    expect(await store.has(claimed)).toBe(false);
  });

  it('leaves no partial file when the body fails half-way (a client that went away)', async () => {
    const store = await BufferStore.open({ dir: root });
    const data = randomBytes(4 * 1024 * 1024);
    const before = snapshot(root);
    async function* dropped() {
      yield data.subarray(0, 3 * 1024 * 1024);
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    await expect(store.put(sha256(data), dropped())).rejects.toThrow('aborted');
    expect(snapshot(root)).toEqual(before);
  });

  it('writes to disk while the body is still arriving (never holds it whole)', async () => {
    const store = await BufferStore.open({ dir: root });
    const part = randomBytes(4 * 1024 * 1024);
    const data = Buffer.concat([part, part]);
    const cs = sha256(data);
    const tempSizes = () =>
      readdirSync(join(root, cs.slice(0, 2)))
        .filter((n) => n.endsWith('.tmp'))
        .map((n) => statSync(join(root, cs.slice(0, 2), n)).size);
    let seenOnDisk = 0;
    async function* slowClient() {
      yield part;
      // The second half is sent only once the server has put most of the first on disk.
      while (seenOnDisk < 2 * 1024 * 1024) {
        await new Promise((ok) => setTimeout(ok, 10));
        seenOnDisk = Math.max(0, ...tempSizes());
      }
      yield part;
    }
    expect((await store.put(cs, slowClient())).created).toBe(true);
    expect(seenOnDisk).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(seenOnDisk).toBeLessThan(data.length);
  });

  it('publishes one copy when the same buffer is uploaded concurrently', async () => {
    const store = await BufferStore.open({ dir: root });
    const data = randomBytes(2 * 1024 * 1024 + 17);
    const cs = sha256(data);
    async function* client() {
      for (let i = 0; i < data.length; i += 256 * 1024) {
        yield data.subarray(i, i + 256 * 1024);
        await new Promise((ok) => setImmediate(ok));
      }
    }
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put(cs, client())));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.length === data.length)).toBe(true);
    expect(files(root).sort()).toEqual([PREFIX_MARKER, `${cs.slice(0, 2)}/${cs}`].sort());
    // Compared by hash: Jest's deep equality walks a 2 MiB buffer byte by byte, for seconds.
    expect(sha256(readFileSync(join(root, cs.slice(0, 2), cs)))).toBe(cs);
  });

  it('refuses anything but 64 hex characters as a checksum, before touching the disk', async () => {
    const store = await BufferStore.open({ dir: join(root, 'main') });
    writeFileSync(join(root, 'secret'), 'not a buffer');
    const before = snapshot(root);
    for (const bad of [
      '../secret',
      `../${'a'.repeat(61)}`,
      '..%2Fsecret',
      'a'.repeat(63),
      'g'.repeat(64),
      '',
      `${'a'.repeat(64)}/`,
    ]) {
      await expect(store.read(bad)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(store.put(bad, chunks(Buffer.from('x')))).rejects.toBeInstanceOf(InvalidInputError);
      await expect(store.remove(bad)).rejects.toBeInstanceOf(InvalidInputError);
    }
    await expect(store.hasMany(['a'.repeat(64), '../secret'])).rejects.toThrow(
      /^checksum 1 must be 64 hexadecimal/,
    );
    expect(() => parseChecksum(42)).toThrow(
      'checksum must be a string of 64 hexadecimal characters, not number',
    );
    expect(snapshot(root)).toEqual(before);
  });

  describe('with read-only extra directories', () => {
    let main: string;
    let prefixed: string;
    let flat: string;
    const inMain = Buffer.from('in main');
    const inPrefixed = Buffer.from('in the prefixed extra directory');
    const inFlat = Buffer.from('in the flat extra directory');
    const inBoth = Buffer.from('in main and in an extra directory');

    beforeEach(() => {
      main = join(root, 'main');
      prefixed = join(root, 'prefixed');
      flat = join(root, 'flat');
      mkdirSync(join(prefixed, sha256(inPrefixed).slice(0, 2)), { recursive: true });
      writeFileSync(join(prefixed, PREFIX_MARKER), '1\n');
      writeFileSync(join(prefixed, sha256(inPrefixed).slice(0, 2), sha256(inPrefixed)), inPrefixed);
      mkdirSync(flat);
      writeFileSync(join(flat, sha256(inFlat)), inFlat);
      writeFileSync(join(flat, sha256(inBoth)), inBoth);
    });

    it('searches them after the main directory, each in its own layout, and never writes to them', async () => {
      const store = await BufferStore.open({ dir: main, extraDirs: [prefixed, flat] });
      expect(store.directories.map((d) => [d.layout, d.writable])).toEqual([
        ['prefix', true],
        ['prefix', false],
        ['flat', false],
      ]);
      await store.put(sha256(inMain), chunks(inMain));
      mkdirSync(join(main, sha256(inBoth).slice(0, 2)), { recursive: true });
      writeFileSync(join(main, sha256(inBoth).slice(0, 2), sha256(inBoth)), inBoth);
      const extras = [snapshot(prefixed), snapshot(flat)];

      expect((await store.locate(sha256(inBoth)))?.path).toBe(
        join(main, sha256(inBoth).slice(0, 2), sha256(inBoth)),
      );
      expect((await store.locate(sha256(inFlat)))?.path).toBe(join(flat, sha256(inFlat)));
      expect(await readAll((await store.read(sha256(inPrefixed)))!.stream)).toEqual(inPrefixed);
      expect(await store.lengths([sha256(inPrefixed), sha256(inFlat)])).toEqual([
        inPrefixed.length,
        inFlat.length,
      ]);

      // Already stored (in an extra directory): verified, nothing written anywhere.
      const mainBefore = snapshot(main);
      expect(await store.put(sha256(inFlat), chunks(inFlat))).toMatchObject({ created: false });
      await expect(store.put(sha256(inFlat), chunks(Buffer.from('forged')))).rejects.toBeInstanceOf(
        ChecksumMismatchError,
      );
      expect(await store.remove(sha256(inFlat))).toBe(false);
      expect(snapshot(main)).toEqual(mainBefore);

      // Removing a buffer both hold removes the main copy only; the extra one is then served.
      expect(await store.remove(sha256(inBoth))).toBe(true);
      expect(await store.remove(sha256(inBoth))).toBe(false);
      expect((await store.locate(sha256(inBoth)))?.path).toBe(join(flat, sha256(inBoth)));

      writeFileSync(join(flat, sha256(inFlat)), 'rotted');
      const report = await store.verify({ remove: true });
      expect(report.corrupt).toEqual([
        {
          checksum: sha256(inFlat),
          path: join(flat, sha256(inFlat)),
          actual: sha256(Buffer.from('rotted')),
          readOnly: true,
          removed: false,
        },
      ]);
      expect(readFileSync(join(flat, sha256(inFlat)), 'utf8')).toBe('rotted');
      extras[1] = snapshot(flat);
      expect([snapshot(prefixed), snapshot(flat)]).toEqual(extras);
    });

    it('refuses a missing extra directory at start-up', async () => {
      await expect(BufferStore.open({ dir: main, extraDirs: [join(root, 'nowhere')] })).rejects.toThrow(
        `The extra buffer directory ${join(root, 'nowhere')} does not exist.`,
      );
    });
  });

  it('serves read-only: writes nothing, not even the layout marker', async () => {
    await expect(BufferStore.open({ dir: join(root, 'missing'), writable: false })).rejects.toThrow(
      /does not exist/,
    );
    const store = await BufferStore.open({ dir: root, writable: false });
    const data = Buffer.from('x');
    await expect(store.put(sha256(data), chunks(data))).rejects.toBeInstanceOf(ReadOnlyStoreError);
    await expect(store.remove(sha256(data))).rejects.toBeInstanceOf(ReadOnlyStoreError);
    expect(snapshot(root)).toEqual([]);
  });

  it('answers the file name only to a caller in its file zone', async () => {
    await expect(BufferStore.open({ dir: root, zone: '../etc' })).rejects.toThrow(/file zone is invalid/);
    const store = await BufferStore.open({ dir: root, zone: 'cluster-a' });
    const data = Buffer.from('hard-link me');
    const cs = sha256(data);
    expect(await store.filename(cs, ['cluster-a'])).toEqual({ found: false, reason: 'absent' });
    await store.put(cs, chunks(data));
    expect(await store.filename(cs, ['laptop', 'cluster-a'])).toEqual({
      found: true,
      path: join(root, cs.slice(0, 2), cs),
      zone: 'cluster-a',
    });
    expect(await store.filename(cs, ['laptop'])).toEqual({ found: false, reason: 'other-zone' });
    for (const bad of ['../cluster-a', 'cluster-a/..', '.', '..', '', 'a b', 'x'.repeat(65)]) {
      await expect(store.filename(cs, [bad])).rejects.toBeInstanceOf(InvalidInputError);
    }
    const zoneless = await BufferStore.open({ dir: root });
    expect(await zoneless.filename(cs, ['cluster-a'])).toEqual({ found: false, reason: 'no-zone' });
  });

  it('cuts a read short when the stored bytes no longer match, and drops the corrupt file', async () => {
    const store = await BufferStore.open({ dir: root });
    const data = randomBytes(3 * 1024 * 1024);
    const cs = sha256(data);
    await store.put(cs, chunks(data));
    const path = join(root, cs.slice(0, 2), cs);
    const rotten = Buffer.from(data);
    rotten[rotten.length - 1] ^= 0xff;
    writeFileSync(path, rotten);

    const open = await store.read(cs);
    let received = 0;
    const error = await (async () => {
      for await (const chunk of open!.stream) received += (chunk as Buffer).length;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptBufferError);
    expect(received).toBeLessThan(data.length);
    for (let i = 0; i < 100 && (await store.has(cs)); i++) await new Promise((ok) => setTimeout(ok, 10));
    expect(await store.has(cs)).toBe(false);
    expect((await store.put(cs, chunks(data))).created).toBe(true);
  });

  it('keeps a corrupt file when told to (removeCorrupt: false), and an upload replaces it', async () => {
    const store = await BufferStore.open({ dir: root, removeCorrupt: false });
    const data = randomBytes(100_000);
    const cs = sha256(data);
    await store.put(cs, chunks(data));
    const path = join(root, cs.slice(0, 2), cs);
    writeFileSync(path, data.subarray(0, 10));
    const open = await store.read(cs);
    await expect(readAll(open!.stream)).rejects.toBeInstanceOf(CorruptBufferError);
    await new Promise((ok) => setTimeout(ok, 50));
    expect(readFileSync(path)).toEqual(data.subarray(0, 10));
    expect(await store.digest((await store.locate(cs))!)).toBe(sha256(data.subarray(0, 10)));
    expect(await store.put(cs, chunks(data))).toEqual({ checksum: cs, length: data.length, created: true });
    expect(readFileSync(path)).toEqual(data);
    expect(await readAll((await store.read(cs))!.stream)).toEqual(data);
  });

  it('replaces a corrupt copy on upload (never reports a corrupt file as already stored)', async () => {
    const store = await BufferStore.open({ dir: root });
    const data = Buffer.from('bytes that rot on disk');
    const cs = sha256(data);
    await store.put(cs, chunks(data));
    writeFileSync(join(root, cs.slice(0, 2), cs), 'rotten');
    // A wrong upload still changes nothing.
    await expect(store.put(cs, chunks(Buffer.from('liar')))).rejects.toBeInstanceOf(ChecksumMismatchError);
    expect(readFileSync(join(root, cs.slice(0, 2), cs), 'utf8')).toBe('rotten');
    expect((await store.put(cs, chunks(data))).created).toBe(true);
    expect(readFileSync(join(root, cs.slice(0, 2), cs))).toEqual(data);
    expect((await store.put(cs, chunks(data))).created).toBe(false);
    expect(files(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a buffer over its size limit, announced or streamed, and keeps nothing of it', async () => {
    expect((await BufferStore.open({ dir: root })).maxBytes).toBe(DEFAULT_MAX_BUFFER_BYTES);
    const store = await BufferStore.open({ dir: root, maxBytes: 1000, maxBytesSetting: 'SOME_SETTING' });
    const before = snapshot(root);
    const big = randomBytes(1001);
    const message =
      'The upload is more than the 1000 bytes this store accepts (SOME_SETTING); nothing was stored.';
    await expect(store.put(sha256(big), chunks(big), { length: 1001 })).rejects.toThrow(message);
    await expect(
      store.put(sha256(big), chunks(big.subarray(0, 600), big.subarray(600))),
    ).rejects.toBeInstanceOf(BufferTooLargeError);
    expect(() => store.checkLength(1001)).toThrow(message);
    await expect(readAll(Readable.from(store.limited(chunks(big))))).rejects.toThrow(message);
    expect(snapshot(root)).toEqual(before);
    const fits = randomBytes(1000);
    expect((await store.put(sha256(fits), chunks(fits), { length: 1000 })).created).toBe(true);
    // An intact buffer already stored is verified against the same limit.
    await expect(store.put(sha256(fits), chunks(fits, Buffer.from('!')))).rejects.toBeInstanceOf(
      BufferTooLargeError,
    );
  });

  it('verify re-hashes every buffer, reports the corrupt ones and removes them on request', async () => {
    const store = await BufferStore.open({ dir: root, hash: 'sha3-256' });
    const good = Buffer.from('good');
    const bad = Buffer.from('bad');
    await store.put(sha3(good), chunks(good));
    await store.put(sha3(bad), chunks(bad));
    const badPath = join(root, sha3(bad).slice(0, 2), sha3(bad));
    writeFileSync(badPath, 'bitrot');
    const stale = join(root, sha3(good).slice(0, 2), `.${sha3(good)}.1-abc.tmp`);
    const fresh = join(root, sha3(good).slice(0, 2), `.${sha3(good)}.2-def.tmp`);
    writeFileSync(stale, 'interrupted');
    writeFileSync(fresh, 'in progress');
    utimesSync(stale, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));

    const look = await store.verify();
    expect(look).toMatchObject({
      checked: 2,
      bytes: 4 + 6,
      staleTemporaryFiles: [{ path: stale, removed: false }],
    });
    expect(look.corrupt).toEqual([
      {
        checksum: sha3(bad),
        path: badPath,
        actual: sha3(Buffer.from('bitrot')),
        readOnly: false,
        removed: false,
      },
    ]);
    expect(statSync(badPath).size).toBe(6);

    const fix = await store.verify({ remove: true });
    expect(fix.corrupt[0].removed).toBe(true);
    expect(fix.staleTemporaryFiles).toEqual([{ path: stale, removed: true }]);
    expect(await store.has(sha3(bad))).toBe(false);
    expect(await store.has(sha3(good))).toBe(true);
    expect(statSync(fresh).isFile()).toBe(true);
    expect((await store.verify()).corrupt).toEqual([]);
  });
});
