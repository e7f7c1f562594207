/**
 * Polls `check` until it returns without throwing, or fails with its last error after
 * `timeoutMs`: for behaviour that is due "within a TTL", without sleeping for the whole TTL.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((ok) => setTimeout(ok, intervalMs));
    }
  }
}
