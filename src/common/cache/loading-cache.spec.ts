import { LoadingCache } from './loading-cache';

describe('LoadingCache', () => {
  let now: number;
  let loads: number;
  let next: () => Promise<number>;
  const make = (ttl: number, onStale?: (e: unknown) => void) =>
    new LoadingCache<number>(
      ttl,
      () => {
        loads++;
        return next();
      },
      onStale,
      () => now,
    );

  beforeEach(() => {
    now = 1_000_000;
    loads = 0;
    next = async () => loads;
  });

  it('keeps a value for its time to live, then reloads', async () => {
    const cache = make(30);
    expect(await cache.get()).toBe(1);
    now += 29_999;
    expect(await cache.get()).toBe(1);
    now += 1;
    expect(await cache.get()).toBe(2);
  });

  it('answers fresh() from the value while it is young enough, and loads again once it is older', async () => {
    const cache = make(30);
    expect(await cache.get()).toBe(1);
    now += 1_000;
    expect(await cache.fresh(1)).toBe(1);
    now += 1;
    expect(await cache.fresh(1)).toBe(2);
    // The new value counts from its own load, for fresh() and for the time to live.
    expect(await cache.fresh(1)).toBe(2);
    now += 29_999;
    expect(await cache.get()).toBe(2);
    expect(loads).toBe(2);
  });

  it('serves the last value when fresh() cannot load, and keeps it for everyone else', async () => {
    const stale: unknown[] = [];
    const cache = make(30, (e) => stale.push(e));
    expect(await cache.get()).toBe(1);
    now += 2_000;
    next = () => Promise.reject(new Error('database down'));
    expect(await cache.fresh(1)).toBe(1);
    expect(stale).toHaveLength(1);
    expect(await cache.get()).toBe(1);
  });

  it('reloads on every call when the time to live is zero', async () => {
    const cache = make(0);
    await cache.get();
    await cache.get();
    expect(loads).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const cache = make(30);
    const values = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(values).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
  });

  it('reloads after invalidate, and drops a load that was running when it was called', async () => {
    const cache = make(30);
    let release!: () => void;
    next = () => new Promise((ok) => (release = () => ok(loads)));
    const running = cache.get();
    cache.invalidate();
    release();
    expect(await running).toBe(1);
    next = async () => loads;
    expect(await cache.get()).toBe(2);
  });

  it('serves the last value when a reload fails, and reports the error', async () => {
    const errors: unknown[] = [];
    const cache = make(1, (e) => errors.push(e));
    expect(await cache.get()).toBe(1);
    now += 1000;
    next = () => Promise.reject(new Error('database down'));
    expect(await cache.get()).toBe(1);
    expect(errors).toEqual([new Error('database down')]);
  });

  it('fails when there is nothing to fall back to', async () => {
    next = () => Promise.reject(new Error('database down'));
    await expect(make(30).get()).rejects.toThrow('database down');
  });
});
