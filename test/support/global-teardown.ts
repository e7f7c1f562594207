import { rmSync } from 'node:fs';
import { withAdmin } from './database';

export default async function globalTeardown(): Promise<void> {
  const prefix = process.env.TEST_RUN_PREFIX;
  if (prefix) {
    await withAdmin(async (c) => {
      const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `${prefix}%`,
      ]);
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    });
  }
  const { __EMBEDDED_PG__: server, __EMBEDDED_PG_DIR__: dir } = globalThis as {
    __EMBEDDED_PG__?: { stop(): Promise<void> };
    __EMBEDDED_PG_DIR__?: string;
  };
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
