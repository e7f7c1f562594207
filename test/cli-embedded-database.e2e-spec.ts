import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type ServerProcess } from './support/server-process';
import { TEST_SECRETS } from './support/test-app';
import { tempDir } from './support/temp-dir';

/**
 * `npm run cli` runs this launcher: it builds only when stale, then runs dist/src/cli/main.js.
 * `npm test` builds first; CLI_SKIP_BUILD keeps a concurrent edit of src/ from recompiling here.
 */
const LAUNCHER = join(__dirname, '..', 'scripts', 'cli.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], {
      env: { PATH: process.env.PATH, CLI_SKIP_BUILD: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    child.stdin.end();
  });
}

/** A data directory as `npm start` makes one: embedded Postgres, generated secrets. */
function freshDataDir(): string {
  const dir = tempDir('oidc-cli-embedded-');
  chmodSync(dir, 0o755);
  return dir;
}

describe('the command line next to a running server on the embedded database', () => {
  let server: ServerProcess | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('leaves the server’s embedded Postgres running: the server still answers after CLI commands', async () => {
    const dataDir = freshDataDir();
    const env = { DATA_DIR: dataDir, KEY_ENCRYPTION_SECRET: undefined, COOKIE_SECRET: undefined };
    server = await startServer(env);
    expect(server.output()).toMatch(/Started the embedded development Postgres/);
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);

    for (const command of [
      ['users', 'list'],
      ['clients', 'list'],
      ['scopes', 'list'],
    ]) {
      const run = await cli(command, { DATA_DIR: dataDir, NODE_ENV: 'development' });
      expect({ command, code: run.code, stderr: run.stderr }).toEqual({ command, code: 0, stderr: '' });
    }

    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    const discovery = await fetch(`${server.url}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
    expect(await server.stop()).toBe(0);
    server = undefined;
  });

  it('leaves running a database it started when a server came to use it meanwhile', async () => {
    const dataDir = freshDataDir();
    const env = { DATA_DIR: dataDir, ...TEST_SECRETS };
    // `users create --password-stdin` waits for its standard input once the database is up.
    const started = Date.now();
    const child = spawn(process.execPath, [LAUNCHER, 'users', 'create', '--username', 'carol', '--password-stdin'], {
      env: { PATH: process.env.PATH, CLI_SKIP_BUILD: '1', ...env },
    });
    const exited = new Promise<number | null>((ok) => child.on('exit', ok));
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    while (!(existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes('ready'))) {
      if (Date.now() - started > 30_000) throw new Error('the CLI did not start the embedded Postgres');
      await new Promise((r) => setTimeout(r, 100));
    }
    server = await startServer(env);
    child.stdin.end('a long enough password\n');
    expect(await exited).toBe(0);

    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    server = undefined;
    // The last one out stops it.
    expect(existsSync(pidFile)).toBe(false);
  });

  it('a command with no server running starts the embedded Postgres itself and stops it when done', async () => {
    const dataDir = freshDataDir();
    const run = await cli(['users', 'list'], { DATA_DIR: dataDir, ...TEST_SECRETS });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 user\(s\)/);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('says nothing about generated secrets it only reads back', async () => {
    const dataDir = freshDataDir();
    const first = await cli(['users', 'list'], { DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/KEY_ENCRYPTION_SECRET is not set: generated/);
    const second = await cli(['users', 'list'], { DATA_DIR: dataDir });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
  });
});
