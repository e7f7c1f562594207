import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed UserInfo responses (OIDC Core §5.3.2): a client's userinfo_signed_response_alg (OIDC
 * Registration §2). Null, as every existing client gets, keeps userinfo as JSON.
 */
export class SignedUserinfo1763803800000 implements MigrationInterface {
  name = 'SignedUserinfo1763803800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients ADD COLUMN userinfo_signed_response_alg varchar(16)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clients DROP COLUMN userinfo_signed_response_alg`);
  }
}
