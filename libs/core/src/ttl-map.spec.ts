import { BoundedTtlMap } from './ttl-map';

describe('BoundedTtlMap', () => {
  it('answers an entry until its TTL has passed, then forgets it', () => {
    const map = new BoundedTtlMap<string, number>(1000, 10);
    map.set('a', 1, 0);
    expect(map.get('a', 999)).toBe(1);
    expect(map.get('a', 1000)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('never holds more than maxEntries, dropping the oldest insertion first', () => {
    const map = new BoundedTtlMap<number, number>(60_000, 3);
    for (let i = 0; i < 1000; i++) map.set(i, i, 0);
    expect(map.size).toBe(3);
    expect([997, 998, 999].map((k) => map.get(k, 1))).toEqual([997, 998, 999]);
    expect(map.get(996, 1)).toBeUndefined();
  });

  it('counts a re-inserted key as young', () => {
    const map = new BoundedTtlMap<string, number>(60_000, 2);
    map.set('a', 1, 0);
    map.set('b', 2, 0);
    map.set('a', 3, 0);
    map.set('c', 4, 0);
    expect(map.get('a', 1)).toBe(3);
    expect(map.get('b', 1)).toBeUndefined();
  });

  it('keeps nothing with a TTL of 0', () => {
    const map = new BoundedTtlMap<string, number>(0, 10);
    map.set('a', 1, 0);
    expect(map.get('a', 0)).toBeUndefined();
    expect(map.size).toBe(0);
  });
});
