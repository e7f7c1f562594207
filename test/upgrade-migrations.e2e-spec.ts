import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { ProfileClaims1763804400000 } from '../migrations/1763804400000-profile-claims';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/migrations';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './support/database';

/** A database of the release before a migration, with data in it, then upgraded. */
describe('upgrading a database that holds data', () => {
  it('asks again for the profile scope where it grew, and retires pending changes of address', async () => {
    const db = await createTestDatabase(false);
    const url = databaseUrl(db);
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ProfileClaims1763804400000) - 1);
    const old = await new DataSource({ ...dataSourceOptions(url, 2), migrations: before }).initialize();
    try {
      await runMigrationsLocked(old);
      const [{ id: userId }] = await old.query(
        `INSERT INTO users (username, email) VALUES ('olga', 'olga@example.com') RETURNING id`,
      );
      await old.query(`INSERT INTO clients (client_id, client_name) VALUES ('shop', 'Shop')`);
      await old.query(
        `INSERT INTO consents (user_id, client_id, scopes) VALUES ($1, 'shop', '{openid,profile,email}')`,
        [userId],
      );
      await old.query(
        `INSERT INTO user_action_tokens (user_id, purpose, token_hash, email, expires_at)
         VALUES ($1, 'email_change', repeat('a', 64), 'olga@intruder.example', now() + interval '1 day')`,
        [userId],
      );
      await old.destroy();

      const current = await new DataSource(dataSourceOptions(url, 2)).initialize();
      try {
        await runMigrationsLocked(current);
        expect(await current.query(`SELECT scopes FROM consents WHERE user_id = $1`, [userId])).toEqual([
          { scopes: ['openid', 'email'] },
        ]);
        const [profile] = await current.query(`SELECT claims, description FROM scopes WHERE name = 'profile'`);
        expect(profile.claims).toEqual(expect.arrayContaining(['birthdate', 'gender', 'zoneinfo', 'website']));
        expect(profile.description).toBe(
          'Your name, username, picture, birthday, gender, time zone, web pages and locale',
        );
        const [link] = await current.query(`SELECT used_at FROM user_action_tokens WHERE user_id = $1`, [userId]);
        expect(link.used_at).not.toBeNull();
      } finally {
        await current.destroy();
      }
    } finally {
      if (old.isInitialized) await old.destroy();
      await dropTestDatabase(db);
    }
  });
});
