import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in through upstream OpenID providers: their configuration, the links to local users, pending logins. */
export class Federation1763800720000 implements MigrationInterface {
  name = 'Federation1763800720000';

  async up(db: QueryRunner): Promise<void> {
    // id is the slug operators choose; the client secret is AES-256-GCM ciphertext (key-encryption.ts).
    await db.query(`
      CREATE TABLE upstream_providers (
        id varchar(64) PRIMARY KEY,
        display_name varchar(255) NOT NULL,
        issuer varchar(2048) NOT NULL,
        client_id varchar(255) NOT NULL,
        client_secret_encrypted text,
        scopes text[] NOT NULL,
        claim_mapping jsonb NOT NULL DEFAULT '{}',
        auto_create boolean NOT NULL DEFAULT false,
        link_by_email boolean NOT NULL DEFAULT false,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // OIDC Core §2: sub is unique only within its issuer, so an identity is (provider, subject).
    await db.query(`
      CREATE TABLE upstream_identities (
        provider_id varchar(64) NOT NULL REFERENCES upstream_providers (id) ON DELETE CASCADE,
        subject varchar(255) NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, subject)
      )`);
    await db.query(`CREATE INDEX upstream_identities_user_id_idx ON upstream_identities (user_id)`);

    // A login sent to an upstream provider, until its callback: gone with its interaction.
    await db.query(`
      CREATE TABLE upstream_logins (
        state_hash varchar(64) PRIMARY KEY,
        interaction_id varchar(64) NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
        provider_id varchar(64) NOT NULL REFERENCES upstream_providers (id) ON DELETE CASCADE,
        nonce varchar(128) NOT NULL,
        code_verifier varchar(128) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX upstream_logins_interaction_id_idx ON upstream_logins (interaction_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS upstream_logins`);
    await db.query(`DROP TABLE IF EXISTS upstream_identities`);
    await db.query(`DROP TABLE IF EXISTS upstream_providers`);
  }
}
