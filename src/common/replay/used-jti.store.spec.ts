import type { Repository } from 'typeorm';
import { recordingPgDriver } from '../../database/database-pool';
import type { UsedJti } from './used-jti.entity';
import { UsedJtiStore } from './used-jti.store';

interface SentQuery {
  name: string;
  values: [string[], string[]];
}

/** A pool whose statements finish when the test says so, answering as used_jtis would: new keys only. */
function fakePool() {
  const stored = new Set<string>();
  const sent: SentQuery[] = [];
  const finish: (() => void)[] = [];
  const query = jest.fn(
    (config: SentQuery) =>
      new Promise((resolve) => {
        sent.push(config);
        finish.push(() => {
          const fresh = config.values[0].filter((key) => !stored.has(key));
          for (const key of fresh) stored.add(key);
          resolve({ rows: fresh.map((key) => ({ key })) });
        });
      }),
  );
  const driver = recordingPgDriver();
  new driver.Pool().query = query as never;
  const repository = { manager: { connection: { options: { type: 'postgres', driver } } } };
  return { store: new UsedJtiStore(repository as unknown as Repository<UsedJti>), sent, finish };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const later = new Date(Date.now() + 60_000);

describe('UsedJtiStore', () => {
  it('sends a lone key at once, and tells its caller whether it was new', async () => {
    const { store, sent, finish } = fakePool();
    const first = store.consume('a', later);
    await flush();
    expect(sent).toEqual([
      expect.objectContaining({ name: 'used_jtis_consume', values: [['a'], [later.toISOString()]] }),
    ]);
    finish[0]();
    await expect(first).resolves.toBe(true);
    const again = store.consume('a', later);
    await flush();
    finish[1]();
    await expect(again).resolves.toBe(false);
  });

  it('writes the keys consumed while a write is in flight in one statement, each caller getting its own answer', async () => {
    const { store, sent, finish } = fakePool();
    const inFlight = store.consume('a', later);
    const queued = [store.consume('b', later), store.consume('a', later), store.consume('c', later)];
    await flush();
    expect(sent).toHaveLength(1);
    finish[0]();
    await flush();
    expect(sent.map((q) => q.values[0])).toEqual([['a'], ['b', 'a', 'c']]);
    finish[1]();
    expect(await inFlight).toBe(true);
    expect(await Promise.all(queued)).toEqual([true, false, true]);
  });

  it('sends a key twice in one batch once, and only its first caller gets true', async () => {
    const { store, sent, finish } = fakePool();
    const busy = store.consume('x', later);
    const twins = [store.consume('same', later), store.consume('same', later), store.consume('same', later)];
    await flush();
    finish[0]();
    await busy;
    await flush();
    expect(sent[1].values[0]).toEqual(['same']);
    finish[1]();
    expect(await Promise.all(twins)).toEqual([true, false, false]);
  });

  it('fails a caller whose expiry is not a date alone, sending nothing for it', async () => {
    const { store, sent, finish } = fakePool();
    const good = store.consume('good', later);
    await expect(store.consume('bad', new Date(NaN))).rejects.toThrow(RangeError);
    await flush();
    finish[0]();
    await expect(good).resolves.toBe(true);
    expect(sent.map((q) => q.values[0])).toEqual([['good']]);
  });
});
