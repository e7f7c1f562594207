import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two client metadata of OIDC Registration §2 that registration used to drop:
 * token_endpoint_auth_signing_alg (null: a client assertion may use any alg of the client's
 * method, as every existing client's did) and initiate_login_uri (OIDC Core §4; null: none).
 */
export class ClientAuthAlgAndLoginUri1763804000000 implements MigrationInterface {
  name = 'ClientAuthAlgAndLoginUri1763804000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE clients ADD COLUMN token_endpoint_auth_signing_alg varchar(16), ADD COLUMN initiate_login_uri text`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients DROP COLUMN initiate_login_uri, DROP COLUMN token_endpoint_auth_signing_alg`);
  }
}
