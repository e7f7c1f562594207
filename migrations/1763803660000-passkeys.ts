import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passkeys (WebAuthn credentials, docs/second-factors.md): one row per credential a user
 * registered, with what verifying its assertions needs. Challenges are not stored here: they
 * are signed by the server and spent once in used_jtis (src/factors/passkeys/passkey-challenges.ts).
 */
export class Passkeys1763803660000 implements MigrationInterface {
  name = 'Passkeys1763803660000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE passkeys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        credential_id varchar(1366) NOT NULL,
        public_key bytea NOT NULL,
        sign_count bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        device_type varchar(16) NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
        backed_up boolean NOT NULL,
        name varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX passkeys_credential_id_key ON passkeys (credential_id)`);
    await db.query(`CREATE INDEX passkeys_user_id_idx ON passkeys (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE passkeys`);
  }
}
