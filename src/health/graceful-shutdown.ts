import type { INestApplication } from '@nestjs/common';
import { ShutdownState } from './shutdown.state';

/**
 * On SIGTERM: readiness turns false at once, the listener stops accepting, in-flight requests
 * finish (bounded by SHUTDOWN_GRACE), then Nest closes the pool and the process exits.
 */
export function installGracefulShutdown(app: INestApplication, graceMs = 10_000): void {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.get(ShutdownState).begin();
    const timer = setTimeout(() => process.exit(1), graceMs);
    timer.unref();
    try {
      await app.close();
      process.exit(0);
    } catch {
      process.exit(1);
    }
    void signal;
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
