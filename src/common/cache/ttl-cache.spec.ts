import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('returns a value until its time to live has passed', () => {
    const cache = new TtlCache<string, number>(30, clock);
    cache.set('a', 1);
    now += 29_999;
    expect(cache.get('a')).toBe(1);
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets a deleted or cleared entry at once', () => {
    const cache = new TtlCache<string, number>(30, clock);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });

  it('stores nothing when the time to live is zero', () => {
    const cache = new TtlCache<string, number>(0, clock);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
