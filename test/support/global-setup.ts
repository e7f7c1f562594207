import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrationsLocked } from '../../src/database/migrations';
import { databaseUrl, uniqueDatabaseName, withAdmin } from './database';

/**
 * One Postgres for the run: DATABASE_URL when set (CI uses the machine's), otherwise an embedded
 * one in a temporary directory. A migrated template database is made once; each test file
 * copies it into a database of its own, dropped when the file ends.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-test-pg-'));
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres(join(dir, 'data'), () => undefined);
    process.env.TEST_ADMIN_DATABASE_URL = server.url('postgres');
    // Stopped, and its directory removed, by global-teardown.ts.
    Object.assign(globalThis, { __EMBEDDED_PG__: server, __EMBEDDED_PG_DIR__: dir });
  }
  const prefix = uniqueDatabaseName('oidc_test');
  process.env.TEST_RUN_PREFIX = prefix;
  const template = `${prefix}_template`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${template}`));
  const ds = await new DataSource(dataSourceOptions(databaseUrl(template), 2)).initialize();
  await runMigrationsLocked(ds);
  await ds.destroy();
  process.env.TEST_TEMPLATE_DATABASE = template;
}
