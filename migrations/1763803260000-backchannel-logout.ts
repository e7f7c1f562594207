import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.2 and Front-Channel Logout 1.0 §2 (issue #21): where
 * a client wants logout tokens or its logout page loaded, and whether they must name the session.
 */
export class BackchannelLogout1763803260000 implements MigrationInterface {
  name = 'BackchannelLogout1763803260000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE clients
        ADD COLUMN backchannel_logout_uri varchar(2048),
        ADD COLUMN backchannel_logout_session_required boolean NOT NULL DEFAULT false,
        ADD COLUMN frontchannel_logout_uri varchar(2048),
        ADD COLUMN frontchannel_logout_session_required boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE clients
        DROP COLUMN backchannel_logout_uri, DROP COLUMN backchannel_logout_session_required,
        DROP COLUMN frontchannel_logout_uri, DROP COLUMN frontchannel_logout_session_required`);
  }
}
