import { DataSource } from 'typeorm';

// Any fixed 64-bit number: all replicas contend for the same lock.
const MIGRATION_LOCK_KEY = 7_203_115_482_001;

/**
 * Runs pending migrations under a Postgres advisory lock, so replicas that start at the same
 * moment run them once: the others wait for the lock, then find nothing left to do.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
