import { ConcurrencyLimit, ConcurrencyLimitFull } from './concurrency-limit';

/** A task that runs until `finish` is called, recording when it starts. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((ok) => (finish = ok));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
    finish,
  };
}

const tick = () => new Promise((ok) => setImmediate(ok));

describe('ConcurrencyLimit', () => {
  it('runs no more than the limit at once, the rest in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => gate(log, n));
    const results = [a, b, c, d].map((g) => limit.run(g.task));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(limit.queued).toBe(2);
    b.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    a.finish();
    c.finish();
    d.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(log).toEqual(['start a', 'start b', 'start c', 'start d']);
    expect(limit.queued).toBe(0);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  describe('with maxWaitMs', () => {
    let clock = 0;
    beforeEach(() => {
      clock = 0;
      jest.spyOn(performance, 'now').mockImplementation(() => clock);
    });
    afterEach(() => jest.restoreAllMocks());

    /** One task through `limit` that takes `ms` by its clock, so that it knows how long tasks take. */
    const measure = async (limit: ConcurrencyLimit, ms: number) => {
      const log: string[] = [];
      const g = gate(log, 'measured');
      const running = limit.run(g.task);
      await tick();
      clock += ms;
      g.finish();
      await running;
    };

    it('queues a task only while those ahead of it would let it start within maxWaitMs', async () => {
      const limit = new ConcurrencyLimit(2, { maxWaitMs: 100 });
      await measure(limit, 40);
      const log: string[] = [];
      const gates = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => gate(log, n));
      // a and b run; c waits 20 ms (one of two slots frees), d 40, e 60, f 80 ms by the 40 ms average.
      const admitted = gates.map((g) => limit.run(g.task));
      await tick();
      expect(limit.queued).toBe(4);
      // A seventh would wait (4 + 1) × 40 / 2 = 100 ms: still in; an eighth 120 ms: refused.
      const g = gate(log, 'g');
      const seventh = limit.run(g.task);
      const refused = limit.run(gate(log, 'h').task);
      await expect(refused).rejects.toBeInstanceOf(ConcurrencyLimitFull);
      await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 1 });
      for (const each of [...gates, g]) each.finish();
      expect(await Promise.all([...admitted, seventh])).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    });

    it('tells how long until the queue drains, in whole seconds', async () => {
      const limit = new ConcurrencyLimit(1, { maxWaitMs: 1000 });
      await measure(limit, 700);
      const log: string[] = [];
      const [a, b] = [gate(log, 'a'), gate(log, 'b')];
      const running = [limit.run(a.task), limit.run(b.task)];
      // Behind b (700 ms) and the running a: 1,400 ms.
      await expect(limit.run(gate(log, 'c').task)).rejects.toMatchObject({ retryAfterSeconds: 2 });
      a.finish();
      b.finish();
      await Promise.all(running);
    });

    it('refuses nothing before a task has finished, having nothing to judge by', async () => {
      const limit = new ConcurrencyLimit(1, { maxWaitMs: 0 });
      const log: string[] = [];
      const gates = ['a', 'b', 'c'].map((n) => gate(log, n));
      const results = gates.map((g) => limit.run(g.task));
      await tick();
      expect(limit.queued).toBe(2);
      for (const g of gates) g.finish();
      expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    });
  });

  it('refuses a limit below one', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
