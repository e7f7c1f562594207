import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who must use a second factor: per client (require_mfa) and server-wide (off, all users, admins). */
export class SecondFactorPolicy1763803550000 implements MigrationInterface {
  name = 'SecondFactorPolicy1763803550000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients ADD COLUMN require_mfa boolean NOT NULL DEFAULT false`);
    await db.query(
      `ALTER TABLE account_settings ADD COLUMN mfa_required varchar(16) NOT NULL DEFAULT 'off'
         CHECK (mfa_required IN ('off', 'all', 'admins'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_settings DROP COLUMN mfa_required`);
    await db.query(`ALTER TABLE clients DROP COLUMN require_mfa`);
  }
}
