import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The address a change of address was asked for from: its link confirms only while the account
 * still has that address, so a change made meanwhile by an administrator, SCIM or the user
 * retires it. Pending links take the account's address of today.
 */
export class EmailChangeOrigin1763804300000 implements MigrationInterface {
  name = 'EmailChangeOrigin1763804300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_action_tokens ADD COLUMN from_email varchar(320)`);
    await db.query(
      `UPDATE user_action_tokens t SET from_email = u.email FROM users u
        WHERE t.user_id = u.id AND t.purpose = 'email_change' AND t.used_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_action_tokens DROP COLUMN from_email`);
  }
}
