import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(255) NOT NULL,
        email varchar(320),
        email_verified boolean NOT NULL DEFAULT false,
        password_hash varchar(255),
        name varchar(255),
        given_name varchar(255),
        family_name varchar(255),
        phone_number varchar(64),
        phone_number_verified boolean NOT NULL DEFAULT false,
        address jsonb,
        picture varchar(2048),
        locale varchar(35),
        roles text[] NOT NULL DEFAULT '{}',
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Sign-in looks users up by username or email, case-insensitively.
    await db.query(`CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))`);
    await db.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);

    await db.query(`
      CREATE TABLE scopes (
        name varchar(128) PRIMARY KEY,
        description varchar(1024) NOT NULL,
        claims text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      INSERT INTO scopes (name, description, claims) VALUES
        ('openid', 'Sign you in and know who you are', '{sub}'),
        ('profile', 'Your name, picture and locale', '{name,given_name,family_name,picture,locale,updated_at}'),
        ('email', 'Your email address', '{email,email_verified}'),
        ('address', 'Your postal address', '{address}'),
        ('phone', 'Your phone number', '{phone_number,phone_number_verified}'),
        ('offline_access', 'Stay connected when you are not using the application', '{}')`);

    await db.query(`
      CREATE TABLE clients (
        client_id varchar(128) PRIMARY KEY,
        client_secret_hash varchar(64),
        client_secret_expires_at timestamptz,
        client_name varchar(255) NOT NULL,
        logo_uri varchar(2048),
        redirect_uris text[] NOT NULL DEFAULT '{}',
        post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
        grant_types text[] NOT NULL DEFAULT '{authorization_code}',
        response_types text[] NOT NULL DEFAULT '{code}',
        allowed_scopes text[] NOT NULL DEFAULT '{openid}',
        default_scopes text[] NOT NULL DEFAULT '{openid}',
        token_endpoint_auth_method varchar(32) NOT NULL DEFAULT 'client_secret_basic',
        jwks jsonb,
        jwks_uri varchar(2048),
        require_pkce boolean NOT NULL DEFAULT true,
        allow_plain_pkce boolean NOT NULL DEFAULT false,
        consent_policy varchar(8) NOT NULL DEFAULT 'always' CHECK (consent_policy IN ('always', 'once', 'skip')),
        access_token_format varchar(8) NOT NULL DEFAULT 'opaque' CHECK (access_token_format IN ('opaque', 'jwt')),
        access_token_ttl integer,
        refresh_token_ttl integer,
        id_token_ttl integer,
        is_resource_server boolean NOT NULL DEFAULT false,
        registration_access_token_hash varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE signing_keys (
        kid varchar(64) PRIMARY KEY,
        alg varchar(16) NOT NULL,
        public_jwk jsonb NOT NULL,
        private_jwk_encrypted text NOT NULL,
        state varchar(8) NOT NULL CHECK (state IN ('next', 'active', 'retired')),
        created_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        retired_at timestamptz,
        remove_after timestamptz
      )`);
    await db.query(`CREATE INDEX signing_keys_state_idx ON signing_keys (state)`);
    // At most one key signs at a time, whatever replicas race to rotate.
    await db.query(`CREATE UNIQUE INDEX signing_keys_one_active_key ON signing_keys (state) WHERE state = 'active'`);

    await db.query(`
      CREATE TABLE used_jtis (
        key varchar(512) PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX used_jtis_expires_at_idx ON used_jtis (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['used_jtis', 'signing_keys', 'clients', 'scopes', 'users']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
