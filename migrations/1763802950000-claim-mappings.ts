import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-client claim mappings (issue #22): declarative rules kept beside the groups/roles claim settings. */
export class ClaimMappings1763802950000 implements MigrationInterface {
  name = 'ClaimMappings1763802950000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE client_access_claims ADD COLUMN mappings jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE client_access_claims DROP COLUMN mappings`);
  }
}
