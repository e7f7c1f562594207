import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * End-user account settings (issue #18), one row: whether people may create their own
 * accounts, from which email domains, whether they must verify their address before signing in,
 * and the password policy's minimum length. Changed through the admin API and console. Users
 * remember whether they created their own account.
 */
export class AccountSettings1763803250000 implements MigrationInterface {
  name = 'AccountSettings1763803250000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE account_settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        signup_enabled boolean NOT NULL DEFAULT false,
        signup_email_domains text[] NOT NULL DEFAULT '{}',
        signup_verification varchar(16) NOT NULL DEFAULT 'required' CHECK (signup_verification IN ('required', 'optional')),
        password_min_length integer CHECK (password_min_length BETWEEN 8 AND 128),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`INSERT INTO account_settings (id) VALUES (1)`);
    // Who made the account: the signup verification rule applies to self-registered ones only.
    await db.query(`ALTER TABLE users ADD COLUMN self_registered boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN self_registered`);
    await db.query(`DROP TABLE account_settings`);
  }
}
