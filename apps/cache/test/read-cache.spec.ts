import { TEST_BACKENDS } from '@simvault/db/testing';
import { CacheRepository } from '../src/cache/cache.repository';
import { entry, keyPath, startCachePlatform, type CachePlatform } from './platform';

// A lookup that misses memory reads the row, then remembers it. Here the read is held open until
// an invalidation of the same key has committed, the one interleaving that used to leave the old
// row remembered (and served as a hit for the whole read-cache time).
describe.each(TEST_BACKENDS)('the read cache on %s', (backend) => {
  let p: CachePlatform;
  const as = () => ({ 'X-Session-ID': p.tokens.developer });
  beforeAll(async () => {
    p = await startCachePlatform(backend, { SIMVAULT_CACHE_READ_CACHE_MS: '60000' });
  });
  afterAll(() => p.close());

  /** Makes the next read of the repository wait, after reading, until `go` is called. */
  const holdNextRead = () => {
    const repository = p.cache.get(CacheRepository);
    const find = repository.find.bind(repository);
    let go!: () => void;
    const released = new Promise<void>((resolve) => (go = resolve));
    let read!: () => void;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    repository.find = async (key: string) => {
      const row = await find(key);
      repository.find = find;
      read();
      await released;
      return row;
    };
    return { hasRead, go };
  };

  it('never remembers a row read before the last change of its key', async () => {
    const e = entry({ simulation_id: 901 });
    await p.http().post('/cache').set(as()).send(e).expect(200);
    const held = holdNextRead();
    const lookup = p
      .http()
      .get(keyPath(e.cache_key))
      .set(as())
      .then((r) => r.status);
    await held.hasRead;
    try {
      await p.http().post('/cache/invalidate').set(as()).send({ simulation_id: 901 }).expect(200);
    } finally {
      held.go();
    }
    // The lookup read before the invalidation: answering that row once is a fair order of events.
    expect(await lookup).toBe(200);
    const after = await p.http().get(keyPath(e.cache_key)).set(as()).expect(404);
    expect(after.body.details).toEqual({ reason: 'invalidated' });
  });

  it('never remembers an absence read before the key was stored', async () => {
    const e = entry();
    const held = holdNextRead();
    const lookup = p
      .http()
      .get(keyPath(e.cache_key))
      .set(as())
      .then((r) => r.status);
    await held.hasRead;
    try {
      await p.http().post('/cache').set(as()).send(e).expect(200);
    } finally {
      held.go();
    }
    expect(await lookup).toBe(404);
    await p.http().get(keyPath(e.cache_key)).set(as()).expect(200);
  });

  it('still remembers a row read after the last change (a hit then reads nothing)', async () => {
    const e = entry();
    await p.http().post('/cache').set(as()).send(e).expect(200);
    await p.http().get(keyPath(e.cache_key)).set(as()).expect(200);
    const repository = p.cache.get(CacheRepository);
    const find = jest.spyOn(repository, 'find');
    try {
      await p.http().get(keyPath(e.cache_key)).set(as()).expect(200);
      expect(find).not.toHaveBeenCalled();
    } finally {
      find.mockRestore();
    }
  });
});
