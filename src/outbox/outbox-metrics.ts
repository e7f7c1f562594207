import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

/**
 * Deliveries waiting and given up (counted in the database at scrape time, so every replica
 * reports the same figure), and this replica's attempts by outcome.
 */
export class OutboxMetrics {
  private readonly attempts: Counter<'kind' | 'outcome'>;

  constructor(registry: Registry, dataSource: DataSource) {
    this.attempts = new Counter({
      name: 'oidc_outbox_attempts_total',
      help: 'Outbox delivery attempts made by this replica, by kind and outcome (delivered, retry, failed)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    });
    new Gauge({
      name: 'oidc_outbox_deliveries',
      help: 'Outbox deliveries waiting (pending, sending) or given up (failed), by state',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        // A database outage must not fail the scrape, when the other metrics matter most: the
        // gauge keeps its last figures until the database answers again.
        const rows: { state: string; n: string }[] | undefined = await dataSource
          .query(
            `SELECT state, count(*) AS n FROM outbox WHERE state IN ('pending', 'sending', 'failed') GROUP BY state`,
          )
          .catch(() => undefined);
        if (!rows) return;
        const counts = new Map(rows.map((r) => [r.state, Number(r.n)]));
        for (const state of ['pending', 'sending', 'failed']) this.set({ state }, counts.get(state) ?? 0);
      },
    });
  }

  attempted(kind: string, outcome: AttemptOutcome): void {
    this.attempts.inc({ kind, outcome });
  }
}
