import { MemoryWindowStorage } from './memory-window.storage';

describe('MemoryWindowStorage', () => {
  let now = 0;
  const storage = new MemoryWindowStorage(() => now);
  afterAll(() => storage.close());

  it('refuses the request beyond the limit until the window ends, then starts a new window', async () => {
    now = 1_000_000;
    expect((await storage.increment('k', 60_000, 2)).isBlocked).toBe(false);
    expect((await storage.increment('k', 60_000, 2)).isBlocked).toBe(false);
    now += 15_000;
    const refused = await storage.increment('k', 60_000, 2);
    expect(refused).toMatchObject({ isBlocked: true, totalHits: 3, timeToBlockExpire: 45 });
    now += 45_000;
    expect(await storage.increment('k', 60_000, 2)).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('counts each key on its own', async () => {
    now = 2_000_000;
    await storage.increment('a', 1000, 1);
    expect((await storage.increment('b', 1000, 1)).isBlocked).toBe(false);
    expect((await storage.increment('a', 1000, 1)).isBlocked).toBe(true);
  });
});
