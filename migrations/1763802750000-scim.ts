import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCIM 2.0 provisioning (issue #22): the provisioning system's id of a user (externalId), and the
 * bearer tokens an administrator issues to a provisioning client, kept as SHA-256 hashes.
 */
export class Scim1763802750000 implements MigrationInterface {
  name = 'Scim1763802750000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN external_id varchar(255)`);
    await db.query(`CREATE INDEX users_external_id_idx ON users (external_id) WHERE external_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE scim_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(255) NOT NULL,
        token_hash varchar(64) NOT NULL UNIQUE,
        access varchar(5) NOT NULL CHECK (access IN ('read', 'write')),
        on_delete varchar(7) NOT NULL DEFAULT 'disable' CHECK (on_delete IN ('disable', 'delete')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE scim_tokens`);
    await db.query(`ALTER TABLE users DROP COLUMN external_id`);
  }
}
