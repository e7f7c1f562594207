import { MigrationInterface, QueryRunner } from 'typeorm';

export class Admin1763800300000 implements MigrationInterface {
  name = 'Admin1763800300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        type varchar(64) NOT NULL,
        actor varchar(255),
        subject varchar(255),
        details jsonb NOT NULL DEFAULT '{}',
        ip varchar(64),
        request_id varchar(64)
      )`);
    // Operators read the newest events first, narrowed by time, type, actor or subject.
    await db.query(`CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_events_type_occurred_at_idx ON audit_events (type, occurred_at DESC)`);
    await db.query(`CREATE INDEX audit_events_actor_occurred_at_idx ON audit_events (actor, occurred_at DESC)`);
    await db.query(`CREATE INDEX audit_events_subject_occurred_at_idx ON audit_events (subject, occurred_at DESC)`);

    await db.query(`
      CREATE TABLE admin_credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(255) NOT NULL,
        token_hash varchar(64) NOT NULL,
        origin varchar(16) NOT NULL CHECK (origin IN ('setup', 'environment', 'api', 'cli')),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX admin_credentials_token_hash_key ON admin_credentials (token_hash)`);
    // First-run setup happens once, whatever the number of concurrent requests or replicas.
    await db.query(
      `CREATE UNIQUE INDEX admin_credentials_one_setup_key ON admin_credentials ((origin)) WHERE origin = 'setup'`,
    );

    await db.query(`
      INSERT INTO scopes (name, description, claims) VALUES ('admin', 'Administer this server', '{}')
      ON CONFLICT (name) DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM scopes WHERE name = 'admin'`);
    await db.query(`DROP TABLE IF EXISTS admin_credentials`);
    await db.query(`DROP TABLE IF EXISTS audit_events`);
  }
}
