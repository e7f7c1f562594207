import pg, { type Pool, type PoolConfig } from 'pg';
import type { DataSource } from 'typeorm';

const pools = new WeakMap<object, Pool>();

/**
 * The pg module as TypeORM's documented `driver` option, except that its Pool records itself:
 * the pool TypeORM connects through, for what TypeORM has no API for (named prepared
 * statements, pool gauges), without reading its driver's internals. One per DataSource.
 */
export function recordingPgDriver(): typeof pg {
  const driver = Object.create(pg) as typeof pg;
  class RecordedPool extends pg.Pool {
    constructor(config?: PoolConfig) {
      super(config);
      pools.set(driver, this);
    }
  }
  Object.defineProperty(driver, 'Pool', { value: RecordedPool });
  return driver;
}

/** The pg Pool a DataSource made with dataSourceOptions() connects through, once it is initialized. */
export function poolOf(db: DataSource): Pool | undefined {
  const driver: unknown = db.options.type === 'postgres' ? db.options.driver : undefined;
  return typeof driver === 'object' && driver !== null ? pools.get(driver) : undefined;
}
