import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pushed authorization requests (RFC 9126) and signed request objects (RFC 9101): the pushed
 * requests, kept under the SHA-256 of their request_uri until used once or expired; and the
 * client metadata that requires them (RFC 9126 §6, RFC 9101 §10.5, OIDC Registration §2),
 * with the FAPI 2.0 Security Profile as a per-client switch.
 */
export class PushedAuthorizationRequests1763802200000 implements MigrationInterface {
  name = 'PushedAuthorizationRequests1763802200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE pushed_authorization_requests (
        reference_hash varchar(64) PRIMARY KEY,
        client_id varchar(128) NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
        parameters jsonb NOT NULL,
        from_request_object boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX pushed_authorization_requests_expires_at_idx ON pushed_authorization_requests (expires_at)`,
    );
    await db.query(`
      ALTER TABLE clients
        ADD COLUMN require_pushed_authorization_requests boolean NOT NULL DEFAULT false,
        ADD COLUMN require_signed_request_object boolean NOT NULL DEFAULT false,
        ADD COLUMN request_object_signing_alg varchar(16),
        ADD COLUMN request_uris text[] NOT NULL DEFAULT '{}',
        ADD COLUMN fapi2_security_profile boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE clients
        DROP COLUMN IF EXISTS require_pushed_authorization_requests,
        DROP COLUMN IF EXISTS require_signed_request_object,
        DROP COLUMN IF EXISTS request_object_signing_alg,
        DROP COLUMN IF EXISTS request_uris,
        DROP COLUMN IF EXISTS fapi2_security_profile`);
    await db.query(`DROP TABLE IF EXISTS pushed_authorization_requests`);
  }
}
