import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  let clock = 0;
  const cache = () => new ExpiringCache<string, number>({ ttlMs: 100, maxEntries: 2, now: () => clock });

  beforeEach(() => {
    clock = 0;
  });

  it('serves an entry until its time is up', () => {
    const c = cache();
    c.set('a', 1);
    clock = 99;
    expect(c.get('a')).toBe(1);
    clock = 100;
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('drops the least recently used entry beyond its bound', () => {
    const c = cache();
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
  });

  it('takes a shorter life for one entry', () => {
    const c = cache();
    c.set('miss', 0, 10);
    clock = 10;
    expect(c.get('miss')).toBeUndefined();
  });

  it('forgets a deleted entry', () => {
    const c = cache();
    c.set('a', 1);
    c.delete('a');
    expect(c.get('a')).toBeUndefined();
  });
});
