import { MigrationInterface, QueryRunner } from 'typeorm';

/** Token exchange policy per client (RFC 8693) and the external issuers of JWT bearer assertions (RFC 7523). */
export class TokenExchangeAndTrustedIssuers1763800710000 implements MigrationInterface {
  name = 'TokenExchangeAndTrustedIssuers1763800710000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients ADD COLUMN token_exchange_policy jsonb`);
    // issuer is at most 255 characters so `${iss}:${jti}` fits a used_jtis key (512).
    await db.query(`
      CREATE TABLE trusted_issuers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuer varchar(255) NOT NULL,
        jwks jsonb,
        jwks_uri varchar(2048),
        allowed_audiences text[] NOT NULL DEFAULT '{}',
        subject_mapping varchar(80) NOT NULL DEFAULT 'sub_is_user_id',
        allowed_scopes text[] NOT NULL DEFAULT '{}',
        allowed_client_ids text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trusted_issuers_one_key_source CHECK ((jwks IS NULL) <> (jwks_uri IS NULL))
      )`);
    // The token endpoint finds an assertion's issuer by its iss.
    await db.query(`CREATE UNIQUE INDEX trusted_issuers_issuer_key ON trusted_issuers (issuer)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS trusted_issuers`);
    await db.query(`ALTER TABLE clients DROP COLUMN IF EXISTS token_exchange_policy`);
  }
}
