import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deliveries that may fail and are retried with backoff by any replica (src/outbox). */
export class Outbox1763801830000 implements MigrationInterface {
  name = 'Outbox1763801830000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(64) NOT NULL,
        payload jsonb NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        delivered_to varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    // The worker's picker: due rows (and 'sending' ones whose lease ran out), oldest first; small
    // because delivered and failed rows leave it.
    await db.query(`CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE state IN ('pending', 'sending')`);
    // The console's list of messages, and the failed deliveries operators look at.
    await db.query(`CREATE INDEX outbox_kind_created_idx ON outbox (kind, created_at)`);
    await db.query(`CREATE INDEX outbox_failed_idx ON outbox (created_at) WHERE state = 'failed'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE outbox');
  }
}
