import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';

export const ROOT = resolve(__dirname, '..', '..');
const OUR_MAIN = join(ROOT, 'dist', 'src', 'main.js');
const OIDC_PROVIDER_SERVER = join(ROOT, 'bench', 'oidc-provider-server.mjs');
const FLOOR_SERVER = join(ROOT, 'bench', 'floor-server.mjs');

/** A server process under test. Its output goes to a file, as a container runtime would keep it. */
export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  /** Bytes the server has logged so far (stdout and stderr). */
  loggedBytes(): number;
  /** The last lines of its log, for error messages. */
  logTail(): string;
  stop(): Promise<void>;
}

/** Limits far above any benchmark rate: the guards still run (and cost what they cost), never refuse. */
const UNLIMITED = '1000000000/60';

export interface OurServerOptions {
  databaseUrl: string;
  /** undefined: the production default (info). */
  logLevel?: string;
  /** Directory for `node --cpu-prof` output; undefined: no profile. */
  profileDir?: string;
}

/**
 * Our server exactly as an operator runs it: NODE_ENV=production, every secret set, one
 * process, the built dist/src/main.js. Only the per-IP rate limits are raised, since all the
 * load comes from one address.
 */
/** The NODE_OPTIONS docker/Dockerfile and the Kubernetes deployment set. */
const PRODUCTION_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=16';

export async function startOurServer(
  options: OurServerOptions,
): Promise<RunningServer & { adminToken: string; keyEncryptionSecret: string }> {
  if (!existsSync(OUR_MAIN)) throw new Error(`${OUR_MAIN} is missing: run npm run build first`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const adminToken = `bench-admin-${randomBytes(24).toString('hex')}`;
  // Known to the bench too: it seals the TOTP users' secrets as the server does (totp-accounts.ts).
  const keyEncryptionSecret = randomBytes(32).toString('base64');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    ISSUER: url,
    DATABASE_URL: options.databaseUrl,
    KEY_ENCRYPTION_SECRET: keyEncryptionSecret,
    COOKIE_SECRET: randomBytes(32).toString('base64'),
    ADMIN_TOKEN: adminToken,
    RATE_LIMIT_TOKEN: UNLIMITED,
    RATE_LIMIT_INTROSPECTION: UNLIMITED,
    RATE_LIMIT_LOGIN: UNLIMITED,
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
    // HTTP_FAST_PATH=false npm run bench measures the server without its fast paths.
    ...(process.env.HTTP_FAST_PATH ? { HTTP_FAST_PATH: process.env.HTTP_FAST_PATH } : {}),
    // As the container image runs it (docker/Dockerfile); BENCH_NODE_OPTIONS=... tries another setting.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? PRODUCTION_NODE_OPTIONS,
  };
  const nodeArgs = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
  const server = await launch('ours', [...nodeArgs, OUR_MAIN], env, url, `${url}/health/ready`);
  return { ...server, adminToken, keyEncryptionSecret };
}

/** oidc-provider on its in-memory adapter, configured from `config` (see oidc-provider-server.mjs). */
export async function startOidcProvider(config: unknown): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    ISSUER: url,
    BENCH_OP_CONFIG: JSON.stringify(config),
  };
  return launch('oidc-provider', [OIDC_PROVIDER_SERVER], env, url, `${url}/.well-known/openid-configuration`);
}

/** The floor server (floor-server.mjs) on the benchmark's database, knowing `clients`' secrets. */
export async function startFloorServer(
  databaseUrl: string,
  clients: { client_id: string; client_secret: string }[],
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    BENCH_FLOOR_CONFIG: JSON.stringify({ clients }),
  };
  return launch('floor', [FLOOR_SERVER], env, url, `${url}/ready`);
}

async function launch(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
  readyUrl: string,
): Promise<RunningServer> {
  // Its own working directory: no stray .env is read, DATA_DIR stays out of the checkout.
  const dir = mkdtempSync(join(tmpdir(), `oidc-bench-${name}-`));
  mkdirSync(join(dir, 'data'));
  const logFile = join(dir, 'server.log');
  const fd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dir,
    env: { DATA_DIR: join(dir, 'data'), ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((ok) =>
    child.on('exit', (code) => {
      exitCode = code;
      ok();
    }),
  );
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) {
      const tail = logTail();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${name} exited with ${exitCode} while starting:\n${tail}`);
    }
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      const tail = logTail();
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${name} did not start within 60 s:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    url,
    pid: child.pid!,
    loggedBytes: () => statSync(logFile).size,
    logTail,
    stop: async () => {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
