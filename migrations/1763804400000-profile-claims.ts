import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = '{name,given_name,family_name,preferred_username,picture,locale,updated_at}';
const DESCRIBED_BEFORE = 'Your name, username, picture and locale';
const DESCRIBED_AFTER = 'Your name, username, picture, birthday, gender, time zone, web pages and locale';
const AFTER =
  '{name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,gender,birthdate,zoneinfo,locale,updated_at}';

/**
 * OIDC Core §5.1: the standard claims users had no place for (middle_name, nickname, profile,
 * website, gender, birthdate, zoneinfo), and §5.4: the `profile` scope asks for every one of them.
 * A `profile` scope an operator changed is left as they made it. Where it grows, its description
 * says so, and consents remembered for it are taken back (the scope's other consented scopes
 * stay), so that each user is asked again before the new claims go to an application.
 */
export class ProfileClaims1763804400000 implements MigrationInterface {
  name = 'ProfileClaims1763804400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
        ADD COLUMN middle_name varchar(255),
        ADD COLUMN nickname varchar(255),
        ADD COLUMN profile varchar(2048),
        ADD COLUMN website varchar(2048),
        ADD COLUMN gender varchar(64),
        ADD COLUMN birthdate varchar(10),
        ADD COLUMN zoneinfo varchar(64)`);
    const [, grown] = (await db.query(
      `UPDATE scopes SET claims = $1, updated_at = now() WHERE name = 'profile' AND claims = $2`,
      [AFTER, BEFORE],
    )) as [unknown, number];
    if (grown === 0) return;
    await db.query(`UPDATE scopes SET description = $1 WHERE name = 'profile' AND description = $2`, [
      DESCRIBED_AFTER,
      DESCRIBED_BEFORE,
    ]);
    await db.query(
      `UPDATE consents SET scopes = array_remove(scopes, 'profile'), updated_at = now() WHERE 'profile' = ANY (scopes)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE scopes SET description = $1 WHERE name = 'profile' AND description = $2`, [
      DESCRIBED_BEFORE,
      DESCRIBED_AFTER,
    ]);
    await db.query(`UPDATE scopes SET claims = $1 WHERE name = 'profile' AND claims = $2`, [BEFORE, AFTER]);
    await db.query(`
      ALTER TABLE users
        DROP COLUMN middle_name, DROP COLUMN nickname, DROP COLUMN profile, DROP COLUMN website,
        DROP COLUMN gender, DROP COLUMN birthdate, DROP COLUMN zoneinfo`);
  }
}
