import { MigrationInterface, QueryRunner } from 'typeorm';

export class SignIn1763800100000 implements MigrationInterface {
  name = 'SignIn1763800100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        secret_hash varchar(64) NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        auth_time timestamptz NOT NULL,
        amr text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX sessions_secret_hash_key ON sessions (secret_hash)`);
    await db.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);
    await db.query(`CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)`);

    await db.query(`
      CREATE TABLE interactions (
        id varchar(64) PRIMARY KEY,
        params jsonb NOT NULL,
        client_id varchar(128) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        session_id uuid REFERENCES sessions (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX interactions_expires_at_idx ON interactions (expires_at)`);

    await db.query(`
      CREATE TABLE consents (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        client_id varchar(128) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        scopes text[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, client_id)
      )`);

    await db.query(`
      CREATE TABLE login_attempts (
        key varchar(320) PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0,
        last_failure_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);

    await db.query(`
      CREATE TABLE grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id varchar(128) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        session_id uuid,
        scope text[] NOT NULL,
        claims jsonb,
        auth_time timestamptz,
        amr text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        revoked_reason varchar(64)
      )`);
    await db.query(`CREATE INDEX grants_session_id_idx ON grants (session_id)`);
    await db.query(`CREATE INDEX grants_user_client_idx ON grants (user_id, client_id)`);
    await db.query(`CREATE INDEX grants_client_id_idx ON grants (client_id)`);

    await db.query(`
      CREATE TABLE authorization_codes (
        code_hash varchar(64) PRIMARY KEY,
        grant_id uuid NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
        client_id varchar(128) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        session_id uuid,
        redirect_uri text NOT NULL,
        scope text[] NOT NULL,
        claims jsonb,
        nonce varchar(512),
        code_challenge varchar(128),
        code_challenge_method varchar(8),
        auth_time timestamptz NOT NULL,
        amr text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      )`);
    await db.query(`CREATE INDEX authorization_codes_expires_at_idx ON authorization_codes (expires_at)`);
    await db.query(`CREATE INDEX authorization_codes_grant_id_idx ON authorization_codes (grant_id)`);

    await db.query(`
      CREATE TABLE tokens (
        token_hash varchar(64) PRIMARY KEY,
        kind varchar(16) NOT NULL CHECK (kind IN ('access_token', 'refresh_token')),
        grant_id uuid REFERENCES grants (id) ON DELETE CASCADE,
        client_id varchar(128) NOT NULL REFERENCES clients (client_id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        scope text[] NOT NULL,
        audience text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX tokens_grant_id_idx ON tokens (grant_id)`);
    await db.query(`CREATE INDEX tokens_expires_at_idx ON tokens (expires_at)`);
    await db.query(`CREATE INDEX tokens_client_id_idx ON tokens (client_id)`);
    await db.query(`CREATE INDEX tokens_user_id_idx ON tokens (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const t of [
      'tokens',
      'authorization_codes',
      'grants',
      'login_attempts',
      'consents',
      'interactions',
      'sessions',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
