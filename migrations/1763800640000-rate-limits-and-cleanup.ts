import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit counters shared by replicas, and the indexes the cleanup job's scans need. */
export class RateLimitsAndCleanup1763800640000 implements MigrationInterface {
  name = 'RateLimitsAndCleanup1763800640000';

  async up(db: QueryRunner): Promise<void> {
    // One fixed window per limit and client IP; written by one upsert per request. UNLOGGED:
    // counters lost in a crash only reset some windows, and they skip the WAL on a hot path.
    await db.query(`
      CREATE UNLOGGED TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        window_start timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        hits integer NOT NULL
      )`);
    await db.query(`CREATE INDEX rate_limits_expires_at_idx ON rate_limits (expires_at)`);
    // The cleanup job finds ended sessions and expired grants without scanning the tables.
    await db.query(`CREATE INDEX sessions_ended_at_idx ON sessions (ended_at) WHERE ended_at IS NOT NULL`);
    await db.query(`CREATE INDEX grants_expires_at_idx ON grants (expires_at) WHERE expires_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS grants_expires_at_idx`);
    await db.query(`DROP INDEX IF EXISTS sessions_ended_at_idx`);
    await db.query(`DROP TABLE IF EXISTS rate_limits`);
  }
}
