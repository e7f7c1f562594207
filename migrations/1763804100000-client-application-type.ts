import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OIDC Registration §2 application_type, which registration used to ignore: web (the default,
 * every existing client's) or native. Dynamically registered web clients of the implicit flow
 * must redirect to https URLs.
 */
export class ClientApplicationType1763804100000 implements MigrationInterface {
  name = 'ClientApplicationType1763804100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients ADD COLUMN application_type varchar(8) NOT NULL DEFAULT 'web'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients DROP COLUMN application_type`);
  }
}
