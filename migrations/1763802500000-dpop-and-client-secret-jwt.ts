import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DPoP (RFC 9449) and client_secret_jwt (RFC 7523 §2.2, OIDC Core §9): the key thumbprint an
 * opaque token or an authorization code is bound to (§6.1, §10); a client's dpop_bound_access_tokens
 * (§5.2); and the client secret encrypted (AES-256-GCM under KEY_ENCRYPTION_SECRET) for clients
 * that sign assertions with it, since verifying an HMAC needs the secret itself, not its hash.
 */
export class DpopAndClientSecretJwt1763802500000 implements MigrationInterface {
  name = 'DpopAndClientSecretJwt1763802500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tokens ADD COLUMN dpop_jkt varchar(43)`);
    await db.query(`ALTER TABLE authorization_codes ADD COLUMN dpop_jkt varchar(43)`);
    await db.query(`
      ALTER TABLE clients
        ADD COLUMN dpop_bound_access_tokens boolean NOT NULL DEFAULT false,
        ADD COLUMN client_secret_encrypted text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE clients DROP COLUMN IF EXISTS dpop_bound_access_tokens, DROP COLUMN IF EXISTS client_secret_encrypted`,
    );
    await db.query(`ALTER TABLE authorization_codes DROP COLUMN IF EXISTS dpop_jkt`);
    await db.query(`ALTER TABLE tokens DROP COLUMN IF EXISTS dpop_jkt`);
  }
}
