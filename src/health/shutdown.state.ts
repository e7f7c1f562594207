import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Readiness turns false as soon as SIGTERM arrives, before connections are drained. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  indicator(): HealthIndicatorResult {
    if (this.shuttingDown) {
      throw new ServiceUnavailableException({
        status: 'error',
        info: { process: { status: 'down', message: 'shutting down' } },
      });
    }
    return { process: { status: 'up' } };
  }
}
