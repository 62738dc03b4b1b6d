import { ManualClock } from '@simvault/core';
import { dataSourceToken, gatewayOf } from '@simvault/db';
import { TEST_BACKENDS } from '@simvault/db/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ExpiryService } from '../src';
import { CACHE_DB } from '../src/tokens';
import { entry, startCachePlatform, type CachePlatform } from './platform';

interface AuditItem {
  action: string;
  target: string;
  target_owner_id: string | null;
}

describe.each(TEST_BACKENDS)('audit rows of replaced cache entries on %s', (backend) => {
  let p: CachePlatform;
  const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
  beforeAll(async () => {
    p = await startCachePlatform(backend, {}, clock);
  });
  afterAll(() => p.close());

  const cacheDb = () => gatewayOf(p.cache.get<DataSource>(dataSourceToken(CACHE_DB)));
  const authDb = () => p.auth.get<DataSource>(dataSourceToken('auth'));
  /** What GET /audit (the auth app, as an admin) lists for `key`. */
  const audited = async (key: string): Promise<AuditItem[]> => {
    const res = await request(p.auth.getHttpServer()).get('/audit?limit=500').set(p.as('admin')).expect(200);
    return (res.body.items as AuditItem[]).filter((i) => i.target === key);
  };
  const outbox = (key: string) =>
    cacheDb().query<{ action: string }>('SELECT action FROM audit_outbox WHERE target = ?', [key]);
  /** usr's entry, then a developer's store of the same key (someone else's work: audited). */
  const replaced = async () => {
    const body = entry();
    await p.http().post('/cache').set(p.as('user')).send(body).expect(200);
    const [{ owner_id }] = await cacheDb().query<{ owner_id: string }>(
      'SELECT owner_id FROM cache_entries WHERE cache_key = ?',
      [body.cache_key],
    );
    await p
      .http()
      .post('/cache')
      .set(p.as('developer'))
      .send({ ...body, execution_id: 'exec-replacement' })
      .expect(200);
    return { key: body.cache_key, ownerId: owner_id };
  };

  it('writes the act with the entry and moves it to the audit log after the commit', async () => {
    const { key, ownerId } = await replaced();
    expect(await audited(key)).toEqual([
      expect.objectContaining({ action: 'cache.replace', target: key, target_owner_id: ownerId }),
    ]);
    expect(await outbox(key)).toEqual([]);
    // One's own entry replaced: nothing to audit, nothing in the outbox.
    const own = entry();
    await p.http().post('/cache').set(p.as('user')).send(own).expect(200);
    await p.http().post('/cache').set(p.as('user')).send(own).expect(200);
    expect(await audited(own.cache_key)).toEqual([]);
    expect(await outbox(own.cache_key)).toEqual([]);
  });

  it('keeps the act when the audit log cannot take it, and the sweep moves it later, once', async () => {
    // The auth database refuses the insert (as it would be away, or the process gone, between
    // the commit and the move): the store has committed, and so has its act.
    await authDb().query('ALTER TABLE audit_log RENAME TO audit_log_away');
    let key: string;
    let ownerId: string;
    try {
      ({ key, ownerId } = await replaced());
      expect(await outbox(key)).toEqual([{ action: 'cache.replace' }]);
    } finally {
      await authDb().query('ALTER TABLE audit_log_away RENAME TO audit_log');
    }
    expect(await audited(key)).toEqual([]);
    // Within the grace period the sweep leaves it to the store that wrote it.
    await p.cache.get(ExpiryService).sweep();
    expect(await outbox(key)).toHaveLength(1);
    clock.advance(61_000);
    await p.cache.get(ExpiryService).sweep();
    expect(await audited(key)).toEqual([
      expect.objectContaining({ action: 'cache.replace', target: key, target_owner_id: ownerId }),
    ]);
    expect(await outbox(key)).toEqual([]);
    await p.cache.get(ExpiryService).sweep();
    expect(await audited(key)).toHaveLength(1);
  });
});
