import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxConfig } from '../config/outbox.config';
import { MetricsService } from '../metrics/metrics.service';
import { mayRetry, retryDelaySeconds } from './outbox-backoff';
import { OutboxHandlerRegistry, PermanentDeliveryFailure } from './outbox-handler.registry';
import { OutboxMetrics } from './outbox-metrics';

/** Rows one replica claims per round. */
const BATCH_SIZE = 20;
/**
 * A claimed row is this replica's for this long; if the replica dies mid-delivery, another one
 * takes the row over afterwards. Handlers time out well before (the mail transport in 2 min).
 */
const LEASE_SECONDS = 300;
/** Longest last_error kept: enough for an SMTP reply, not a stack. */
const MAX_ERROR_LENGTH = 500;

interface ClaimedRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  age_seconds: number;
}

/**
 * Every replica polls the outbox every OUTBOX_POLL_INTERVAL seconds (0: never) and delivers the
 * due rows it claims. `FOR UPDATE SKIP LOCKED` hands each row to one replica, and the claim
 * moves it to 'sending' with a lease before the delivery starts, so no two replicas deliver it.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private readonly metrics: OutboxMetrics;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopping = false;

  constructor(
    private readonly config: OutboxConfig,
    private readonly db: DataSource,
    private readonly handlers: OutboxHandlerRegistry,
    metrics: MetricsService,
  ) {
    this.metrics = new OutboxMetrics(metrics.registry, db);
  }

  onApplicationBootstrap(): void {
    if (this.config.pollInterval === 0) return;
    this.timer = setInterval(() => this.tick(), this.config.pollInterval * 1000);
    this.timer.unref();
  }

  /** Stops polling and lets the deliveries in progress finish. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Claims and delivers one batch of due rows; answers how many it attempted (tests call this). */
  async drainOnce(): Promise<number> {
    if (this.stopping) return 0;
    const claimed = await this.claim();
    await Promise.all(claimed.map((row) => this.deliver(row)));
    return claimed.length;
  }

  private tick(): void {
    if (this.running) return; // the previous round is still delivering: do not pile up
    this.running = this.drainOnce()
      .catch((e: unknown) => {
        this.logger.warn(`Outbox round failed: ${e instanceof Error ? e.message : String(e)}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
  }

  /** One statement: the rows are locked, skipped by other replicas, and leased before it commits. */
  private async claim(): Promise<ClaimedRow[]> {
    const [rows] = (await this.db.query(
      `UPDATE outbox o
          SET state = 'sending', attempts = o.attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2)
        WHERE o.id IN (SELECT id FROM outbox
                        WHERE state IN ('pending', 'sending') AND next_attempt_at <= now()
                        ORDER BY next_attempt_at
                        LIMIT $1
                        FOR UPDATE SKIP LOCKED)
      RETURNING o.id, o.kind, o.payload, o.attempts,
                extract(epoch FROM now() - o.created_at)::float8 AS age_seconds`,
      [BATCH_SIZE, LEASE_SECONDS],
    )) as [ClaimedRow[], number];
    return rows;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    let deliveredTo: string;
    try {
      const handler = this.handlers.handlerFor(row.kind);
      // A replica of a newer version may know the kind: retry rather than drop it.
      if (!handler) throw new Error(`no handler for outbox kind "${row.kind}" in this replica`);
      deliveredTo = await handler(row.payload);
    } catch (e) {
      await this.failed(row, e);
      return;
    }
    await this.db.query(
      `UPDATE outbox SET state = 'delivered', delivered_at = now(), delivered_to = $2, last_error = NULL
        WHERE id = $1`,
      [row.id, deliveredTo],
    );
    this.metrics.attempted(row.kind, 'delivered');
  }

  private async failed(row: ClaimedRow, e: unknown): Promise<void> {
    const error = (e instanceof Error ? e.message : String(e)).slice(0, MAX_ERROR_LENGTH);
    const permanent = e instanceof PermanentDeliveryFailure;
    if (!permanent && mayRetry(row.attempts, this.config.maxAttempts, row.age_seconds)) {
      const delay = retryDelaySeconds(row.attempts, this.config.retryBase);
      await this.db.query(
        `UPDATE outbox SET state = 'pending', last_error = $2, next_attempt_at = now() + make_interval(secs => $3)
          WHERE id = $1`,
        [row.id, error, delay],
      );
      this.metrics.attempted(row.kind, 'retry');
      return;
    }
    await this.db.query(`UPDATE outbox SET state = 'failed', last_error = $2 WHERE id = $1`, [row.id, error]);
    this.metrics.attempted(row.kind, 'failed');
    this.logger.warn(`Gave up ${row.kind} delivery ${row.id} after ${row.attempts} attempts: ${error}`);
  }
}
