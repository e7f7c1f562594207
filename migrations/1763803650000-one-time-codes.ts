import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors (issue #19): authenticator apps (TOTP, RFC 6238) and recovery codes. One app
 * per user: a row without confirmed_at is a set-up waiting for its first code. The secret is
 * AES-256-GCM encrypted under KEY_ENCRYPTION_SECRET (TotpSecretSealer); last_time_step is the
 * RFC 6238 time step of the last code accepted, so a code works once (§5.2). Recovery codes are
 * kept as SHA-256 of 80 random bits each.
 */
export class OneTimeCodes1763803650000 implements MigrationInterface {
  name = 'OneTimeCodes1763803650000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE totp_factors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
        secret_sealed text NOT NULL,
        confirmed_at timestamptz,
        last_time_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE recovery_codes`);
    await db.query(`DROP TABLE totp_factors`);
  }
}
