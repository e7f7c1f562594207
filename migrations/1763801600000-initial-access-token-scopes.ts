import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API scopes a client registered with an initial access token may ask for (RFC 7591 §3:
 * the token may carry the registration's authorization). Null: none beyond the user scopes.
 */
export class InitialAccessTokenScopes1763801600000 implements MigrationInterface {
  name = 'InitialAccessTokenScopes1763801600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE initial_access_tokens ADD COLUMN scopes text[]`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE initial_access_tokens DROP COLUMN IF EXISTS scopes`);
  }
}
