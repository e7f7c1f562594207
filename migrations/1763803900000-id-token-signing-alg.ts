import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A client's id_token_signed_response_alg (OIDC Registration §2). Null, as every existing client
 * gets, signs its ID Tokens with the active key, as before.
 */
export class IdTokenSigningAlg1763803900000 implements MigrationInterface {
  name = 'IdTokenSigningAlg1763803900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients ADD COLUMN id_token_signed_response_alg varchar(16)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients DROP COLUMN id_token_signed_response_alg`);
  }
}
