import { mayRetry, OUTBOX_MAX_AGE_SECONDS, OUTBOX_MAX_DELAY_SECONDS, retryDelaySeconds } from './outbox-backoff';

describe('outbox retry backoff', () => {
  it('doubles the wait after each failed attempt, from the base', () => {
    const full = () => 1;
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 10, full))).toEqual([10, 20, 40, 80]);
  });

  it('jitters each wait between half and all of it', () => {
    expect(retryDelaySeconds(3, 10, () => 0)).toBe(20);
    expect(retryDelaySeconds(3, 10, () => 0.5)).toBe(30);
    for (let i = 0; i < 200; i++) {
      const d = retryDelaySeconds(2, 10);
      expect(d).toBeGreaterThanOrEqual(10);
      expect(d).toBeLessThanOrEqual(20);
    }
  });

  it('never waits longer than the cap, even after many attempts', () => {
    expect(retryDelaySeconds(40, 10, () => 1)).toBe(OUTBOX_MAX_DELAY_SECONDS);
    expect(retryDelaySeconds(1000, 10, () => 1)).toBe(OUTBOX_MAX_DELAY_SECONDS);
  });

  it('gives up after the last allowed attempt or once the delivery is too old', () => {
    expect(mayRetry(1, 3, 0)).toBe(true);
    expect(mayRetry(2, 3, 0)).toBe(true);
    expect(mayRetry(3, 3, 0)).toBe(false);
    expect(mayRetry(1, 3, OUTBOX_MAX_AGE_SECONDS)).toBe(false);
  });
});
