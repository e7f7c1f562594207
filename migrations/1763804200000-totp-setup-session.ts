import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The browser session an authenticator app's set-up was started in: only that session is shown
 * its key and may finish it with a first code. Null for set-ups started before (any session of
 * the user, for their last few minutes) and for those made by code.
 */
export class TotpSetupSession1763804200000 implements MigrationInterface {
  name = 'TotpSetupSession1763804200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE totp_factors ADD COLUMN setup_session_id uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE totp_factors DROP COLUMN setup_session_id`);
  }
}
