import { ConcurrencyLimit } from './concurrency-limit';

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

  it('refuses a limit below one', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
