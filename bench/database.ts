import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

/** A new, empty database for one benchmark run, and the Postgres it lives on. */
export interface BenchDatabase {
  url: string;
  /** E.g. "embedded PostgreSQL 16.x" or "DATABASE_URL (PostgreSQL 15.x)". */
  description: string;
  /** The postmaster's pid when we started it (its CPU can then be measured), else undefined. */
  postmasterPid: number | undefined;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set (a database `bench_<time>` is created on that server and dropped at
 * the end), otherwise an embedded Postgres in a temporary directory, removed at the end.
 */
export async function freshDatabase(log: (msg: string) => void): Promise<BenchDatabase> {
  const name = `bench_${Date.now().toString(36)}`;
  const external = process.env.DATABASE_URL;
  let adminUrl: string;
  let stopServer = async () => undefined as void;
  let postmasterPid: number | undefined;
  let where: string;
  if (external) {
    adminUrl = external;
    where = 'DATABASE_URL';
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-bench-pg-'));
    // As root, Postgres runs as the postgres user, which must be able to reach the data directory.
    chmodSync(dir, 0o755);
    const dataDir = join(dir, 'data');
    const server = await startEmbeddedPostgres(dataDir, log);
    adminUrl = server.url('postgres');
    postmasterPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    where = 'embedded';
    stopServer = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const [{ server_version: version }] = (await admin.query('SHOW server_version')).rows as {
    server_version: string;
  }[];
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  return {
    url: url.toString(),
    description: `${where} PostgreSQL ${version}`,
    postmasterPid,
    query: async <T>(sql: string, params?: unknown[]) => (await db.query(sql, params)).rows as T[],
    close: async () => {
      await db.end().catch(() => undefined);
      if (external) {
        const drop = new Client({ connectionString: adminUrl });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await drop.end();
      }
      await stopServer();
    },
  };
}
