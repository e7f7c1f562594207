import { MigrationInterface, QueryRunner } from 'typeorm';

/** Device authorization requests (RFC 8628), from the device's request until its one token response. */
export class DeviceCodes1763800700000 implements MigrationInterface {
  name = 'DeviceCodes1763800700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE device_codes (
        device_code_hash varchar(64) PRIMARY KEY,
        user_code varchar(8) NOT NULL,
        client_id varchar(128) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        scope text[] NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        session_id uuid,
        auth_time timestamptz,
        amr text[] NOT NULL DEFAULT '{}',
        grant_id uuid REFERENCES grants (id) ON DELETE CASCADE,
        interval_seconds integer NOT NULL,
        last_polled_at timestamptz,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The user types the user code: every lookup on the verification page goes through this.
    await db.query(`CREATE UNIQUE INDEX device_codes_user_code_key ON device_codes (user_code)`);
    await db.query(`CREATE INDEX device_codes_expires_at_idx ON device_codes (expires_at)`);
    // Deleting a client, user or grant cascades here without scanning the table.
    await db.query(`CREATE INDEX device_codes_client_id_idx ON device_codes (client_id)`);
    await db.query(`CREATE INDEX device_codes_user_id_idx ON device_codes (user_id) WHERE user_id IS NOT NULL`);
    await db.query(`CREATE INDEX device_codes_grant_id_idx ON device_codes (grant_id) WHERE grant_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS device_codes`);
  }
}
