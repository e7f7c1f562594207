import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consents remember the claims a user allowed by name (OIDC Core §5.5 claims parameter) beside
 * the scopes. The claims requests kept on grants and codes so far were never consented to, and
 * released claims outside the granted scopes: they are dropped, so those grants release the
 * claims of their scopes only (issue #14).
 */
export class ConsentedClaims1763801140000 implements MigrationInterface {
  name = 'ConsentedClaims1763801140000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE consents ADD COLUMN claims text[] NOT NULL DEFAULT '{}'`);
    await db.query(`UPDATE grants SET claims = NULL WHERE claims IS NOT NULL`);
    await db.query(`UPDATE authorization_codes SET claims = NULL WHERE claims IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE consents DROP COLUMN claims`);
  }
}
