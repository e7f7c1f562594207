import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single-use links mailed to a user (issue #18): password reset and email verification. Only
 * the SHA-256 of each token is kept; `email` is the address a verification link proves.
 */
export class UserActionTokens1763803050000 implements MigrationInterface {
  name = 'UserActionTokens1763803050000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_action_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose varchar(32) NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
        token_hash char(64) NOT NULL UNIQUE,
        email varchar(320),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX user_action_tokens_user_idx ON user_action_tokens (user_id, purpose)`);
    await db.query(`CREATE INDEX user_action_tokens_expires_idx ON user_action_tokens (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE user_action_tokens`);
  }
}
