import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CleanupConfig } from '../config/cleanup.config';
import { CleanupService } from './cleanup.service';

/**
 * Runs a cleanup round every CLEANUP_INTERVAL seconds (0: never). Every replica schedules it;
 * the advisory lock lets one do the work. A failed round (database down) is logged and the
 * next one tries again.
 */
@Injectable()
export class CleanupScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Cleanup');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly config: CleanupConfig,
    private readonly cleanup: CleanupService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.interval === 0) return;
    this.timer = setInterval(() => this.tick(), this.config.interval * 1000);
    this.timer.unref();
  }

  /** Stops scheduling, and lets a round in progress end after its current batch. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.cleanup.stop();
    await this.running;
  }

  private tick(): void {
    if (this.running) return; // the previous round is still going: skip, do not pile up
    this.running = this.cleanup
      .runOnce()
      .then(
        () => undefined,
        (e: unknown) => this.logger.warn(`Cleanup round failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => (this.running = undefined));
  }
}
