import { UsedJtiStore } from '../src/common/replay/used-jti.store';
import { startTestApp, type TestApp } from './support/test-app';

// The replay store on Postgres, with more callers at once than it writes in parallel, so that
// most of them share a statement (src/common/replay/used-jti.store.spec.ts shows the batching).
describe('used_jtis (one-time identifiers)', () => {
  let t: TestApp;
  let store: UsedJtiStore;
  const inAMinute = () => new Date(Date.now() + 60_000);

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get(UsedJtiStore);
  });
  afterAll(() => t.close());

  it('grants a key consumed by many callers at once to exactly one of them, and each other key to its caller', async () => {
    const keys = ['k-3', 'k-1', 'shared', 'k-2', 'shared', 'k-4', 'shared', 'k-5', 'shared'];
    const granted = await Promise.all(keys.map((key) => store.consume(key, inAMinute())));
    expect(keys.filter((key, i) => key !== 'shared' && granted[i])).toEqual(['k-3', 'k-1', 'k-2', 'k-4', 'k-5']);
    expect(granted.filter((g, i) => g && keys[i] === 'shared')).toHaveLength(1);
    const rows = await t.dataSource.query(`SELECT key FROM used_jtis WHERE key LIKE 'k-%' OR key = 'shared'`);
    expect(rows).toHaveLength(6);
  });

  it('in one batch, refuses a key still in use and takes over an expired one', async () => {
    await t.dataSource.query(
      `INSERT INTO used_jtis (key, expires_at) VALUES ('live', now() + interval '1 minute'), ('expired', now() - interval '1 second')`,
    );
    const keys = ['a', 'b', 'live', 'expired', 'c'];
    expect(await Promise.all(keys.map((key) => store.consume(key, inAMinute())))).toEqual([
      true,
      true,
      false,
      true,
      true,
    ]);
    const [expired] = await t.dataSource.query(
      `SELECT expires_at > now() AS live FROM used_jtis WHERE key = 'expired'`,
    );
    expect(expired.live).toBe(true);
  });

  it('consumes once a key Postgres cannot store as given (a NUL, a lone surrogate)', async () => {
    for (const key of ['nul:a\u0000b', 'surrogate:a\ud800b']) {
      const twice = await Promise.all([store.consume(key, inAMinute()), store.consume(key, inAMinute())]);
      expect(twice.sort()).toEqual([false, true]);
      expect(await store.consume(key, inAMinute())).toBe(false);
    }
  });
});
