import { MigrationInterface, QueryRunner } from 'typeorm';

/** A user changing their address on the account page: the link to the new address is a third purpose. */
export class EmailChangeTokens1763803350000 implements MigrationInterface {
  name = 'EmailChangeTokens1763803350000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_action_tokens DROP CONSTRAINT user_action_tokens_purpose_check`);
    await db.query(
      `ALTER TABLE user_action_tokens ADD CONSTRAINT user_action_tokens_purpose_check
         CHECK (purpose IN ('password_reset', 'email_verification', 'email_change'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM user_action_tokens WHERE purpose = 'email_change'`);
    await db.query(`ALTER TABLE user_action_tokens DROP CONSTRAINT user_action_tokens_purpose_check`);
    await db.query(
      `ALTER TABLE user_action_tokens ADD CONSTRAINT user_action_tokens_purpose_check
         CHECK (purpose IN ('password_reset', 'email_verification'))`,
    );
  }
}
