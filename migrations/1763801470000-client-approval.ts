import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether an administrator vouches for a client (RFC 9700 §4.11.2). Clients an operator made
 * are approved; dynamically registered ones are not until an administrator approves them.
 */
export class ClientApproval1763801470000 implements MigrationInterface {
  name = 'ClientApproval1763801470000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients ADD COLUMN admin_approved boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE clients SET admin_approved = (registration_access_token_hash IS NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients DROP COLUMN IF EXISTS admin_approved`);
  }
}
