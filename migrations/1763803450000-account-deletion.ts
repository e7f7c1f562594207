import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether users may delete their own account from the account page (off by default). */
export class AccountDeletion1763803450000 implements MigrationInterface {
  name = 'AccountDeletion1763803450000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_settings ADD COLUMN self_deletion_enabled boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE account_settings DROP COLUMN self_deletion_enabled`);
  }
}
