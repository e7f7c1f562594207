/** A delivery retried for longer than this is given up, however few attempts it had. */
export const OUTBOX_MAX_AGE_SECONDS = 2 * 86400;
/** No wait between two attempts is longer than this. */
export const OUTBOX_MAX_DELAY_SECONDS = 3600;

/**
 * Seconds to wait after the `attempt`-th failed attempt (1, 2, …): base × 2^(attempt-1), capped,
 * then "equal jitter" (between half and all of it) so replicas and retries of messages that
 * failed together spread out instead of hitting a recovering relay at the same moment.
 */
export function retryDelaySeconds(attempt: number, base: number, random: () => number = Math.random): number {
  const exponential = base * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(OUTBOX_MAX_DELAY_SECONDS, exponential);
  return capped / 2 + (random() * capped) / 2;
}

/** Whether a delivery that just failed its `attempts`-th attempt gets another. */
export function mayRetry(attempts: number, maxAttempts: number, ageSeconds: number): boolean {
  return attempts < maxAttempts && ageSeconds < OUTBOX_MAX_AGE_SECONDS;
}
