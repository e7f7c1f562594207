import type { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { poolOf } from '../database/database-pool';

/** Connection pool gauges, read from the pg Pool at scrape time: nothing runs between scrapes. */
export function registerDbPoolMetrics(registry: Registry, dataSource: DataSource): void {
  const gauge = (name: string, help: string, read: (pool: Pool) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const pool = poolOf(dataSource);
        const value = pool ? read(pool) : undefined;
        if (value !== undefined) this.set(value);
      },
    });
  gauge('db_pool_connections', 'Open connections in the database pool', (p) => p.totalCount);
  gauge('db_pool_idle_connections', 'Idle connections in the database pool', (p) => p.idleCount);
  gauge('db_pool_waiting_clients', 'Queries waiting for a free pool connection', (p) => p.waitingCount);
  gauge('db_pool_max_connections', 'Size limit of the database pool (DATABASE_POOL_SIZE)', (p) => p.options.max);
}
