import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { passwordFileFor } from '../src/database/embedded-postgres-auth';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres';
import { runServer } from './support/server-process';

/** Connects over TCP to 127.0.0.1 as the superuser; resolves with the error, or undefined when let in. */
async function tcpConnect(port: number, password?: string): Promise<Error | undefined> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', password });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the embedded development Postgres', () => {
  let dir: string;
  let dataDir: string;
  let postgres: EmbeddedPostgres | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oidc-embedded-auth-'));
    chmodSync(dir, 0o755);
    dataDir = join(dir, 'postgres');
  });
  afterAll(async () => {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks every TCP client for the generated password, kept readable by its owner only', async () => {
    postgres = await startEmbeddedPostgres(dataDir, () => undefined);
    const passwordFile = passwordFileFor(dataDir);
    expect(passwordFile).toBe(join(dir, 'postgres.password'));
    expect(mode(passwordFile)).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    const password = readFileSync(passwordFile, 'utf8').trim();

    // Any local user can reach 127.0.0.1: without the password, or with a wrong one, no way in.
    expect(await tcpConnect(postgres.port)).toBeInstanceOf(Error);
    expect(await tcpConnect(postgres.port, 'wrong')).toMatchObject({ code: '28P01' });
    expect(await tcpConnect(postgres.port, password)).toBeUndefined();

    // The server's own URL (the socket, or TCP with the password) still works.
    const client = new Client({ connectionString: postgres.url() });
    await client.connect();
    expect((await client.query('SELECT current_user AS u')).rows).toEqual([{ u: 'postgres' }]);
    await client.end();
  });

  it('locks down a data directory made when TCP was trusted, at its next start', async () => {
    await postgres!.stop();
    postgres = undefined;
    // As initdb --auth=trust left it before passwords, and with the password file gone.
    writeFileSync(
      join(dataDir, 'pg_hba.conf'),
      'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n',
    );
    rmSync(passwordFileFor(dataDir));

    postgres = await startEmbeddedPostgres(dataDir, () => undefined);
    expect(await tcpConnect(postgres.port)).toBeInstanceOf(Error);
    const password = readFileSync(passwordFileFor(dataDir), 'utf8').trim();
    expect(await tcpConnect(postgres.port, password)).toBeUndefined();
  });

  it('is never started with NODE_ENV=production: the server stops, asking for DATABASE_URL', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'oidc-prod-no-db-'));
    chmodSync(dataRoot, 0o755);
    try {
      const { exited, output } = runServer({
        NODE_ENV: 'production',
        DATA_DIR: dataRoot,
        KEY_ENCRYPTION_SECRET: 'k'.repeat(32),
        COOKIE_SECRET: 'c'.repeat(32),
      });
      expect(await exited).toBe(1);
      expect(output()).toMatch(/NODE_ENV=production needs DATABASE_URL \(postgres:\/\/.*development only/);
      expect(existsSync(join(dataRoot, 'postgres', 'PG_VERSION'))).toBe(false);
    } finally {
      rmSync(dataRoot, { recursive: true, force: true });
    }
  });
});
