import { MigrationInterface, QueryRunner } from 'typeorm';

/** Dynamic client registration (RFC 7591, RFC 7592): the metadata it adds, and initial access tokens. */
export class Registration1763800200000 implements MigrationInterface {
  name = 'Registration1763800200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE clients
        ADD COLUMN client_uri varchar(2048),
        ADD COLUMN policy_uri varchar(2048),
        ADD COLUMN tos_uri varchar(2048),
        ADD COLUMN contacts text[] NOT NULL DEFAULT '{}',
        ADD COLUMN software_id varchar(255),
        ADD COLUMN software_version varchar(255)`);
    // RFC 7592 §2: the management endpoints find the client by its registration access token.
    await db.query(`
      CREATE UNIQUE INDEX clients_registration_access_token_hash_key ON clients (registration_access_token_hash)
        WHERE registration_access_token_hash IS NOT NULL`);

    // RFC 7591 §3: tokens an operator hands out to let someone register a client.
    await db.query(`
      CREATE TABLE initial_access_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash varchar(64) NOT NULL,
        description varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        max_uses integer CHECK (max_uses IS NULL OR max_uses > 0),
        uses integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
        revoked_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX initial_access_tokens_token_hash_key ON initial_access_tokens (token_hash)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS initial_access_tokens`);
    await db.query(`DROP INDEX IF EXISTS clients_registration_access_token_hash_key`);
    await db.query(`
      ALTER TABLE clients
        DROP COLUMN IF EXISTS client_uri,
        DROP COLUMN IF EXISTS policy_uri,
        DROP COLUMN IF EXISTS tos_uri,
        DROP COLUMN IF EXISTS contacts,
        DROP COLUMN IF EXISTS software_id,
        DROP COLUMN IF EXISTS software_version`);
  }
}
