import { MigrationInterface, QueryRunner } from 'typeorm';

/** RFC 7009 revocation of JWT access tokens: they are not stored, so their jti is listed until exp. */
export class RevokedJtis1763800520000 implements MigrationInterface {
  name = 'RevokedJtis1763800520000';

  async up(db: QueryRunner): Promise<void> {
    // No foreign key to clients: a row must outlive a deleted client whose client_id could be
    // registered again while the revoked token has not yet expired.
    await db.query(`
      CREATE TABLE revoked_jtis (
        jti varchar(255) PRIMARY KEY,
        client_id varchar(128) NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX revoked_jtis_expires_at_idx ON revoked_jtis (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS revoked_jtis`);
  }
}
