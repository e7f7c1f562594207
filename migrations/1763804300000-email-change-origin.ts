import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The address a change of address was asked for from: its link confirms only while the account
 * still has that address, so a change made meanwhile by an administrator, SCIM or the user
 * retires it, as does any change of address since the link was asked for (users.email_changed_at,
 * so that changing it away and back does not revive it). Links pending at the upgrade are retired: where they came from is not known, and
 * taking today's address for it could revive one whose address was corrected since. Their users
 * ask again.
 */
export class EmailChangeOrigin1763804300000 implements MigrationInterface {
  name = 'EmailChangeOrigin1763804300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_action_tokens ADD COLUMN from_email varchar(320)`);
    await db.query(`ALTER TABLE users ADD COLUMN email_changed_at timestamptz`);
    await db.query(`UPDATE user_action_tokens SET used_at = now() WHERE purpose = 'email_change' AND used_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN email_changed_at`);
    await db.query(`ALTER TABLE user_action_tokens DROP COLUMN from_email`);
  }
}
