import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API resources and resource indicators (RFC 8707): the resource servers an administrator
 * defines (an absolute URI without a fragment as identifier, RFC 8707 §2), the scopes that
 * belong to one (a scope to at most one resource), the access token format and lifetime for
 * tokens issued to it, and the client it introspects with; and the resources an authorization
 * was granted for, kept on its grant (and on a device code until the user answers).
 */
export class ApiResources1763803700000 implements MigrationInterface {
  name = 'ApiResources1763803700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_resources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        identifier text NOT NULL,
        display_name varchar(200) NOT NULL,
        access_token_format varchar(8) CHECK (access_token_format IN ('opaque', 'jwt')),
        access_token_ttl integer CHECK (access_token_ttl > 0),
        introspection_client_id varchar(128) REFERENCES clients (client_id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT api_resources_identifier_key UNIQUE (identifier)
      )`);
    await db.query(
      `ALTER TABLE scopes ADD COLUMN api_resource_id uuid REFERENCES api_resources (id) ON DELETE SET NULL`,
    );
    await db.query(`CREATE INDEX scopes_api_resource_id_idx ON scopes (api_resource_id)`);
    await db.query(`ALTER TABLE grants ADD COLUMN resources text[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE device_codes ADD COLUMN resources text[] NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE device_codes DROP COLUMN IF EXISTS resources`);
    await db.query(`ALTER TABLE grants DROP COLUMN IF EXISTS resources`);
    await db.query(`DROP INDEX IF EXISTS scopes_api_resource_id_idx`);
    await db.query(`ALTER TABLE scopes DROP COLUMN IF EXISTS api_resource_id`);
    await db.query(`DROP TABLE IF EXISTS api_resources`);
  }
}
