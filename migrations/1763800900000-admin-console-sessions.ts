import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-ins to the admin console. The cookie holds a random secret; only its SHA-256 is kept.
 * A session is opened with an admin credential or by a user with the admin role, and dies
 * with it: revoking the credential, or ending the browser session, ends the console session.
 */
export class AdminConsoleSessions1763800900000 implements MigrationInterface {
  name = 'AdminConsoleSessions1763800900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE admin_console_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        secret_hash varchar(64) NOT NULL,
        credential_id uuid REFERENCES admin_credentials (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        browser_session_id uuid REFERENCES sessions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT admin_console_sessions_one_way_in CHECK (
          (credential_id IS NOT NULL AND user_id IS NULL AND browser_session_id IS NULL)
          OR (credential_id IS NULL AND user_id IS NOT NULL AND browser_session_id IS NOT NULL)
        )
      )`);
    await db.query(
      `CREATE UNIQUE INDEX admin_console_sessions_secret_hash_key ON admin_console_sessions (secret_hash)`,
    );
    await db.query(`CREATE INDEX admin_console_sessions_expires_at_idx ON admin_console_sessions (expires_at)`);
    // The cleanup job deletes browser sessions in batches; each delete cascades through this.
    await db.query(
      `CREATE INDEX admin_console_sessions_browser_session_id_idx ON admin_console_sessions (browser_session_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS admin_console_sessions`);
  }
}
