import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OIDC Core §5.4: `preferred_username` is one of the `profile` scope's claims, and relying
 * parties (mod_auth_openidc, oidc-client-ts, most frameworks) take the user's name from it.
 * The seeded scope left it out; an operator who changed the scope's claims keeps theirs.
 */
export class ProfilePreferredUsername1763801500000 implements MigrationInterface {
  name = 'ProfilePreferredUsername1763801500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE scopes
         SET claims = '{name,given_name,family_name,preferred_username,picture,locale,updated_at}',
             description = 'Your name, username, picture and locale', updated_at = now()
       WHERE name = 'profile' AND claims = '{name,given_name,family_name,picture,locale,updated_at}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE scopes
         SET claims = '{name,given_name,family_name,picture,locale,updated_at}',
             description = 'Your name, picture and locale', updated_at = now()
       WHERE name = 'profile' AND claims = '{name,given_name,family_name,preferred_username,picture,locale,updated_at}'`);
  }
}
