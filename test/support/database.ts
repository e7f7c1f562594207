import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server every test database lives on: DATABASE_URL, or the embedded one globalSetup started. */
export function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest (globalSetup)');
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A fresh database for one test file, copied from the migrated template (fast). */
export async function createTestDatabase(fromTemplate = true): Promise<string> {
  const name = uniqueDatabaseName(`${process.env.TEST_RUN_PREFIX ?? 'oidc_test'}`);
  const template = process.env.TEST_TEMPLATE_DATABASE;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}${fromTemplate && template ? ` TEMPLATE ${template}` : ''}`));
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
