import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pairwise subject identifiers (OIDC Core §8, OIDC Registration §2): a client's subject_type, and
 * the sector_identifier_uri whose host is its sector when its redirect URIs span several hosts.
 */
export class PairwiseSubjects1763803690000 implements MigrationInterface {
  name = 'PairwiseSubjects1763803690000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE clients
        ADD COLUMN subject_type varchar(8) NOT NULL DEFAULT 'public' CHECK (subject_type IN ('public', 'pairwise')),
        ADD COLUMN sector_identifier_uri varchar(2048)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients DROP COLUMN sector_identifier_uri, DROP COLUMN subject_type`);
  }
}
