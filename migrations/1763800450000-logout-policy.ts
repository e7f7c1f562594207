import { MigrationInterface, QueryRunner } from 'typeorm';

/** RP-initiated logout (OIDC RP-Initiated Logout 1.0): whether logging out revokes a client's tokens. */
export class LogoutPolicy1763800450000 implements MigrationInterface {
  name = 'LogoutPolicy1763800450000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients ADD COLUMN revoke_tokens_on_logout boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients DROP COLUMN IF EXISTS revoke_tokens_on_logout`);
  }
}
