import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Client } from 'pg';

/**
 * Who may connect to the embedded Postgres. Its TCP port on 127.0.0.1 is reachable by every
 * user of the machine, so TCP asks for the superuser's password (scram-sha-256), generated once
 * and kept beside the data directory, readable by its owner only. The Unix socket lives in the
 * data directory (0700, socket 0700): only that owner (and root) reaches it, without a password.
 */
export const EMBEDDED_SUPERUSER = 'postgres';

const MANAGED_HBA = `# Written by the OIDC server at each start of the embedded Postgres (embedded-postgres-auth.ts).
# Unix socket: in the data directory, which only its owner can enter.
local   all   all                   trust
# TCP (psql -h 127.0.0.1): the password kept in the .password file beside the data directory.
host    all   all   127.0.0.1/32    scram-sha-256
host    all   all   ::1/128         scram-sha-256
`;

/** Where the password is kept: beside the data directory, e.g. .data/postgres.password. */
export function passwordFileFor(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)}.password`);
}

/**
 * The superuser's password, generated on first use (0600). `owner` is the user the server runs
 * as (as root), who must read it for initdb --pwfile; root reads it anyway.
 */
export function ensurePasswordFile(
  file: string,
  owner: { uid: number; gid: number } | undefined,
): { password: string; created: boolean } {
  const existing = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (/^[0-9a-f]{32,}$/.test(existing)) {
    chmodSync(file, 0o600);
    return { password: existing, created: false };
  }
  const password = randomBytes(32).toString('hex');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  if (owner) chownSync(file, owner.uid, owner.gid);
  return { password, created: true };
}

/** initdb's options: no trust over TCP, even for the first moment. */
export function initdbAuthOptions(passwordFile: string): string[] {
  return ['--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${passwordFile}`];
}

/** Whether the running cluster already asks TCP clients for this password. */
export function tcpLockedDown(dataDir: string, passwordCreated: boolean): boolean {
  const hba = join(dataDir, 'pg_hba.conf');
  return !passwordCreated && existsSync(hba) && readFileSync(hba, 'utf8') === MANAGED_HBA;
}

/**
 * Sets the password and makes TCP require it: for a data directory made before passwords (its
 * pg_hba.conf trusts every local TCP client), or whose password file was lost. `url` must be a
 * way in that still works: the Unix socket, or TCP while it is still trusted.
 */
export async function lockDownTcp(dataDir: string, url: string, password: string, port: number): Promise<void> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The embedded Postgres in ${dataDir} refused its password (${passwordFileFor(dataDir)}): ` +
        `restore that file, or remove the data directory to start afresh (${(error as Error).message})`,
      { cause: error },
    );
  }
  try {
    await client.query(`SET password_encryption = 'scram-sha-256'`);
    // The password is hex (ensurePasswordFile), so it needs no quoting beyond this.
    await client.query(`ALTER ROLE ${EMBEDDED_SUPERUSER} PASSWORD '${password}'`);
    writeFileSync(join(dataDir, 'pg_hba.conf'), MANAGED_HBA);
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
  await untilPasswordRequired(port);
}

/** pg_reload_conf() only signals the postmaster: wait until TCP without a password is refused. */
async function untilPasswordRequired(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const probe = new Client({ host: '127.0.0.1', port, user: EMBEDDED_SUPERUSER, database: 'postgres', password: '' });
    const accepted = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (!accepted) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('the embedded Postgres still accepts TCP connections without a password');
}
