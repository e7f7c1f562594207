import fc from 'fast-check';
import { GroupCommit } from './group-commit';

/** A write the test finishes by hand: commit() or fail(). */
interface PendingWrite {
  items: string[];
  commit(): Promise<void>;
  fail(error: unknown): Promise<void>;
}

const BAD_ROW = Object.assign(new Error('insert or update violates foreign key constraint'), { code: '23503' });
const CONNECTION_LOST = new Error('Connection terminated unexpectedly');

function groupCommit(maxInFlight = 2, maxBatch = 200) {
  const writes: PendingWrite[] = [];
  let running = 0;
  let mostRunning = 0;
  const commits = new GroupCommit<string>({
    maxInFlight,
    maxBatch,
    isolatable: (error) => (error as { code?: string }).code === '23503',
    write: (items) =>
      new Promise<void>((resolve, reject) => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        const settle = async (outcome: () => void) => {
          running--;
          outcome();
          await flush();
        };
        writes.push({ items, commit: () => settle(resolve), fail: (error) => settle(() => reject(error)) });
      }),
  });
  return { commits, writes, mostRunning: () => mostRunning };
}

/** Lets every settled promise run its callbacks. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records when a caller's promise settled, to check it did not settle before its write. */
function watch(promise: Promise<void>) {
  const state: { settled?: 'resolved' | 'rejected'; error?: unknown } = {};
  promise.then(
    () => (state.settled = 'resolved'),
    (error: unknown) => {
      state.settled = 'rejected';
      state.error = error;
    },
  );
  return state;
}

describe('GroupCommit', () => {
  it('writes a caller at once, alone, while a slot is free', async () => {
    const { commits, writes } = groupCommit(2);
    const a = watch(commits.write(['a1', 'a2']));
    const b = watch(commits.write(['b1']));
    expect(writes.map((w) => w.items)).toEqual([['a1', 'a2'], ['b1']]);
    await flush();
    expect(a.settled).toBeUndefined();
    await writes[1].commit();
    expect(b.settled).toBe('resolved');
    expect(a.settled).toBeUndefined();
    await writes[0].commit();
    expect(a.settled).toBe('resolved');
  });

  it('queues callers while every slot is busy and writes all of them in one statement when one frees', async () => {
    const { commits, writes } = groupCommit(1);
    const first = watch(commits.write(['a']));
    const queued = [watch(commits.write(['b'])), watch(commits.write(['c1', 'c2'])), watch(commits.write(['d']))];
    expect(writes).toHaveLength(1);
    await writes[0].commit();
    expect(first.settled).toBe('resolved');
    expect(writes.map((w) => w.items)).toEqual([['a'], ['b', 'c1', 'c2', 'd']]);
    expect(queued.map((q) => q.settled)).toEqual([undefined, undefined, undefined]);
    await writes[1].commit();
    expect(queued.map((q) => q.settled)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('caps a batch at maxBatch items without splitting a caller, and keeps the callers in order', async () => {
    const { commits, writes } = groupCommit(1, 3);
    void commits.write(['a']);
    for (const items of [['b1', 'b2'], ['c1', 'c2'], ['d'], ['e1', 'e2', 'e3', 'e4']]) void commits.write(items);
    await writes[0].commit();
    await writes[1].commit();
    await writes[2].commit();
    expect(writes.map((w) => w.items)).toEqual([['a'], ['b1', 'b2'], ['c1', 'c2', 'd'], ['e1', 'e2', 'e3', 'e4']]);
  });

  it('retries each caller of a batch that broke a constraint alone, so only the caller at fault fails', async () => {
    const { commits, writes } = groupCommit(1);
    void commits.write(['first']);
    const good = watch(commits.write(['good']));
    const bad = watch(commits.write(['bad']));
    const alsoGood = watch(commits.write(['also-good']));
    await writes[0].commit();
    await writes[1].fail(BAD_ROW);
    const later = watch(commits.write(['later']));
    await writes[2].commit();
    await writes[3].fail(BAD_ROW);
    await writes[4].commit();
    await writes[5].commit();
    expect(writes.map((w) => w.items)).toEqual([
      ['first'],
      ['good', 'bad', 'also-good'],
      ['good'],
      ['bad'],
      ['also-good'],
      ['later'],
    ]);
    expect([good.settled, bad.settled, alsoGood.settled, later.settled]).toEqual([
      'resolved',
      'rejected',
      'resolved',
      'resolved',
    ]);
    expect(bad.error).toBe(BAD_ROW);
  });

  it('fails every caller of the batch, without retrying, when the database itself failed', async () => {
    const { commits, writes } = groupCommit(1);
    void commits.write(['first']);
    const callers = [watch(commits.write(['a'])), watch(commits.write(['b']))];
    await writes[0].commit();
    await writes[1].fail(CONNECTION_LOST);
    expect(writes).toHaveLength(2);
    expect(callers.map((c) => [c.settled, c.error])).toEqual([
      ['rejected', CONNECTION_LOST],
      ['rejected', CONNECTION_LOST],
    ]);
  });

  it('does not retry a caller that was alone in its batch', async () => {
    const { commits, writes } = groupCommit(1);
    const alone = watch(commits.write(['bad']));
    await writes[0].fail(BAD_ROW);
    expect(writes).toHaveLength(1);
    expect(alone.settled).toBe('rejected');
  });

  it('writes queued callers after a failure as well', async () => {
    const { commits, writes } = groupCommit(1);
    const failed = watch(commits.write(['a']));
    const queued = watch(commits.write(['b']));
    await writes[0].fail(CONNECTION_LOST);
    expect(failed.settled).toBe('rejected');
    await writes[1].commit();
    expect(queued.settled).toBe('resolved');
  });

  it('writes every item exactly once, never runs more than maxInFlight writes, and settles a caller only after its write', async () => {
    // Each step either adds a caller or finishes the oldest running write (committing or failing it).
    const step = fc.oneof(
      fc.record({ add: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ finish: fc.constantFrom('commit', 'bad-row', 'connection-lost') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(step, { maxLength: 40 }), async (slots, steps) => {
        const { commits, writes, mostRunning } = groupCommit(slots, 4);
        const callers: { items: string[]; state: ReturnType<typeof watch> }[] = [];
        const committed: string[] = [];
        let finished = 0;
        const finishNext = async (how: string) => {
          const write = writes[finished++];
          if (how === 'connection-lost') return write.fail(CONNECTION_LOST);
          if (how === 'bad-row') return write.fail(BAD_ROW);
          committed.push(...write.items);
          return write.commit();
        };
        for (const s of steps) {
          if ('add' in s) {
            const n = callers.length;
            const items = Array.from({ length: s.add }, (_, i) => `${n}.${i}`);
            callers.push({ items, state: watch(commits.write(items)) });
          } else if (finished < writes.length) {
            await finishNext(s.finish);
          }
          for (const c of callers)
            if (c.state.settled === 'resolved') expect(c.items.every((i) => committed.includes(i))).toBe(true);
        }
        while (finished < writes.length) await finishNext('commit');
        expect(mostRunning()).toBeLessThanOrEqual(slots);
        expect(callers.every((c) => c.state.settled !== undefined)).toBe(true);
        const resolvedItems = callers.filter((c) => c.state.settled === 'resolved').flatMap((c) => c.items);
        expect(new Set(committed)).toEqual(new Set(resolvedItems));
        expect(committed).toHaveLength(new Set(committed).size);
      }),
      { numRuns: 200 },
    );
  });
});
