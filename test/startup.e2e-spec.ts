import { chmodSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrationsLocked } from '../src/database/migrations';
import { MIGRATIONS } from '../migrations';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { runServer, startServer } from './support/server-process';
import { tempDir } from './support/temp-dir';

describe('starting the server', () => {
  it('refuses a bad configuration value with a message that names it', async () => {
    const { exited, output } = runServer({ PORT: 'not-a-port', ACCESS_TOKEN_TTL: '1' });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/PORT="not-a-port"/);
    expect(output()).toMatch(/ACCESS_TOKEN_TTL/);
  });

  it('refuses to start in production without its secrets', async () => {
    const { exited, output } = runServer({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/KEY_ENCRYPTION_SECRET: required when NODE_ENV=production/);
  });

  it('runs each migration once when several instances migrate at the same moment', async () => {
    const db = await createTestDatabase(false);
    try {
      const sources = await Promise.all(
        [1, 2, 3].map(() => new DataSource(dataSourceOptions(databaseUrl(db), 2)).initialize()),
      );
      const ran = await Promise.all(sources.map((s) => runMigrationsLocked(s)));
      expect(ran.flat()).toHaveLength(MIGRATIONS.length);
      const rows = await sources[0].query('SELECT name FROM migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
      await Promise.all(sources.map((s) => s.destroy()));
    } finally {
      await dropTestDatabase(db);
    }
  });

  it('two server processes starting at once on one database both come up', async () => {
    const db = await createTestDatabase(false);
    try {
      const env = { DATABASE_URL: databaseUrl(db) };
      const [a, b] = await Promise.all([startServer(env), startServer(env)]);
      expect((await fetch(`${a.url}/health/ready`)).status).toBe(200);
      expect((await fetch(`${b.url}/health/ready`)).status).toBe(200);
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    } finally {
      await dropTestDatabase(db);
    }
  });

  it('starts on the embedded Postgres with no DATABASE_URL and keeps its data across a restart', async () => {
    const dir = tempDir('oidc-embedded-');
    chmodSync(dir, 0o755);
    const env = { DATA_DIR: dir, KEY_ENCRYPTION_SECRET: undefined, COOKIE_SECRET: undefined };
    const first = await startServer(env);
    expect(first.output()).toMatch(/embedded development Postgres/);
    expect(first.output()).toMatch(/KEY_ENCRYPTION_SECRET is not set/);
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await startServer(env);
    expect(second.output()).not.toMatch(/Ran migrations/);
    expect((await fetch(`${second.url}/health/ready`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });

  it('says where it listens, where discovery is and, on a fresh install, where to finish setup; in one log format', async () => {
    const db = await createTestDatabase();
    try {
      const server = await startServer({ DATABASE_URL: databaseUrl(db) });
      await eventually(async () => expect(server.output()).toMatch(/Discovery:/));
      const out = server.output();
      expect(out).toContain(`Discovery: ${server.url}/.well-known/openid-configuration`);
      expect(out).toContain(`finish setup at ${server.url}/setup`);
      expect(out).toMatch(/Listening on 127\.0\.0\.1:\d+/);
      // Nest's 100+ route and module lines are debug detail, not what a person starting it reads.
      expect(out).not.toMatch(/Mapped \{/);
      const lines = out.split('\n').filter((l) => l.trim() !== '');
      for (const line of lines) expect(typeof (JSON.parse(line) as { level: unknown }).level).toBe('string');
      expect(lines.length).toBeLessThan(20);
      expect(await server.stop()).toBe(0);

      const configured = await startServer({ DATABASE_URL: databaseUrl(db), ADMIN_TOKEN: 'a'.repeat(40) });
      await eventually(async () => expect(configured.output()).toMatch(/Admin console:/));
      expect(configured.output()).not.toMatch(/\/setup/);
      expect(await configured.stop()).toBe(0);
    } finally {
      await dropTestDatabase(db);
    }
  });

  it('turns not-ready and exits cleanly on SIGTERM', async () => {
    const db = await createTestDatabase();
    try {
      const server = await startServer({ DATABASE_URL: databaseUrl(db) });
      expect(await server.stop('SIGTERM')).toBe(0);
    } finally {
      await dropTestDatabase(db);
    }
  });
});
