import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hashAdminToken } from '../src/admin/credentials/admin-token';
import { runCli } from '../src/cli/run-cli';
import { UsersService } from '../src/users/users.service';
import { databaseUrl } from './support/database';
import { startTestApp, TEST_SECRETS, TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

const CLI = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('command line', () => {
  let t: TestApp;
  let env: Record<string, string>;

  /** The built CLI, as an operator runs it (`npm test` builds it first). */
  function cli(args: string[], stdin = ''): Promise<CliRun> {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does)`);
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  /** The same entry point in this process, for the commands whose wiring is all that is left to prove. */
  async function cliInProcess(args: string[], stdin = ''): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env,
      readStdin: async () => stdin,
      out: (line) => (stdout += `${line}\n`),
      err: (line) => (stderr += `${line}\n`),
    });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    t = await startTestApp();
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl(t.database),
      DATA_DIR: tempDir('oidc-cli-'),
      LOG_LEVEL: 'silent',
      ...TEST_SECRETS,
    };
  });
  afterAll(() => t.close());

  it('creates a user with the password from standard input, never from the arguments', async () => {
    const run = await cli(
      ['users', 'create', '--username', 'alice', '--email', 'a@x.example', '--password-stdin'],
      'correct horse battery\n',
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Created user alice \([0-9a-f-]{36}\)\n$/);
    const [row] = await t.dataSource.query(`SELECT email, password_hash FROM users WHERE username = 'alice'`);
    expect(row.email).toBe('a@x.example');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await t.app.get(UsersService).authenticate('alice', 'correct horse battery')).not.toBeNull();
  });

  it('exits 1 with the reason on standard error when the change is refused', async () => {
    const run = await cli(['users', 'create', '--username', 'ALICE']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('username is already taken');
  });

  it('exits 2 with the usage for an unknown command, an unknown option or a missing one', async () => {
    for (const args of [
      [],
      ['users', 'remove'],
      ['users', 'create', '--usernam', 'x'],
      ['clients', 'create', '--json'],
    ]) {
      const run = await cli(args);
      expect([args, run.code]).toEqual([args, 2]);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/Usage: cli/);
    }
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('admin-token rotate');
  });

  it('registers a FAPI 2.0 client with the high-security flags (PAR, DPoP, signed request objects)', async () => {
    const run = await cliInProcess([
      'clients',
      'create',
      '--name',
      'Bank',
      '--redirect-uri',
      'https://bank.example.com/cb',
      '--auth-method',
      'private_key_jwt',
      '--jwks-uri',
      'https://bank.example.com/jwks.json',
      '--require-par',
      '--require-signed-request-object',
      '--dpop-bound',
      '--fapi2',
      '--json',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(run.stdout);
    expect(out.client).toMatchObject({
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: 'https://bank.example.com/jwks.json',
      require_pushed_authorization_requests: true,
      require_signed_request_object: true,
      dpop_bound_access_tokens: true,
      fapi2_security_profile: true,
    });
    expect(out.client_secret).toBeUndefined();
    // Without the flags, the server's defaults.
    const plain = JSON.parse(
      (await cliInProcess(['clients', 'create', '--name', 'Plain', '--redirect-uri', 'https://a.example/cb', '--json']))
        .stdout,
    );
    expect(plain.client).toMatchObject({
      require_pushed_authorization_requests: false,
      dpop_bound_access_tokens: false,
      fapi2_security_profile: false,
      require_mfa: false,
    });
  });

  it('registers a client whose every sign-in needs a second factor (--require-mfa)', async () => {
    const run = await cliInProcess([
      'clients',
      'create',
      '--name',
      'Payroll',
      '--redirect-uri',
      'https://payroll.example.com/cb',
      '--require-mfa',
      '--json',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { client } = JSON.parse(run.stdout);
    expect(client.require_mfa).toBe(true);
    const [row] = await t.dataSource.query('SELECT require_mfa FROM clients WHERE client_id = $1', [client.client_id]);
    expect(row.require_mfa).toBe(true);
  });

  it('registers a client and prints it with its secret once, as JSON', async () => {
    const run = await cli([
      'clients',
      'create',
      '--name',
      'Shop',
      '--redirect-uri',
      'https://shop.example.com/cb',
      '--redirect-uri',
      'https://shop.example.eu/cb',
      '--grant-type',
      'authorization_code',
      '--grant-type',
      'refresh_token',
      '--auth-method',
      'client_secret_post',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.client).toMatchObject({
      client_name: 'Shop',
      redirect_uris: ['https://shop.example.com/cb', 'https://shop.example.eu/cb'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    expect(out.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await t.dataSource.query('SELECT client_secret_hash FROM clients WHERE client_id = $1', [
      out.client.client_id,
    ]);
    expect(row.client_secret_hash).toHaveLength(64);
    expect(row.client_secret_hash).not.toContain(out.client_secret);
  });

  it('approves a dynamically registered client and withdraws the approval, audited as the CLI', async () => {
    const registered = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Self-made', redirect_uris: ['https://self.example.com/cb'] }),
    });
    const { client_id } = (await registered.json()) as { client_id: string };
    const approvedOf = async () =>
      (await t.dataSource.query('SELECT admin_approved FROM clients WHERE client_id = $1', [client_id]))[0]
        .admin_approved;
    expect(await approvedOf()).toBe(false);
    const approve = await cliInProcess(['clients', 'approve', '--client-id', client_id]);
    expect(approve).toMatchObject({ code: 0, stdout: `Approved Self-made (${client_id})\n` });
    expect(await approvedOf()).toBe(true);
    expect((await cliInProcess(['clients', 'approve', '--client-id', client_id, '--withdraw'])).code).toBe(0);
    expect(await approvedOf()).toBe(false);
    const events = await t.dataSource.query(`SELECT type, actor FROM audit_events WHERE subject = $1 ORDER BY id`, [
      client_id,
    ]);
    expect(events).toEqual([
      { type: 'admin.client.approved', actor: 'cli' },
      { type: 'admin.client.approval_withdrawn', actor: 'cli' },
    ]);
  });

  it('rotates the signing keys', async () => {
    const [before] = await t.dataSource.query(`SELECT kid FROM signing_keys WHERE state = 'next'`);
    const run = await cli(['keys', 'rotate', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).active_kid).toBe(before.kid);
    const [active] = await t.dataSource.query(`SELECT kid FROM signing_keys WHERE state = 'active'`);
    expect(active.kid).toBe(before.kid);
    const [event] = await t.dataSource.query(`SELECT actor FROM audit_events WHERE type = 'admin.key.rotated'`);
    expect(event.actor).toBe('cli');
  });

  it('replaces every admin credential with a new token, printed alone on standard output', async () => {
    await t.dataSource.query(`INSERT INTO admin_credentials (name, token_hash, origin) VALUES ('old', $1, 'api')`, [
      hashAdminToken('old-token'),
    ]);
    const run = await cli(['admin-token', 'rotate']);
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^oidc_admin_[A-Za-z0-9_-]{43}$/);
    expect(run.stderr).toContain('shown once');
    const rows = await t.dataSource.query(`SELECT token_hash, origin FROM admin_credentials WHERE revoked_at IS NULL`);
    expect(rows).toEqual([{ token_hash: hashAdminToken(token), origin: 'cli' }]);
    expect((await fetch(`${t.url}/admin/keys`, { headers: { 'x-admin-token': token } })).status).toBe(200);
  });

  it('lists users, clients, scopes and keys, and creates and deletes scopes', async () => {
    const users = await cliInProcess(['users', 'list', '--search', 'ali', '--json']);
    expect(users.code).toBe(0);
    expect(JSON.parse(users.stdout)).toMatchObject({ total: 1, items: [{ username: 'alice' }] });
    expect((await cliInProcess(['users', 'list'])).stdout).toMatch(/USERNAME[\s\S]*alice[\s\S]*1 user\(s\)/);

    const clients = await cliInProcess(['clients', 'list']);
    expect(clients.stdout).toMatch(/Shop\s+client_secret_post\s+authorization_code,refresh_token/);

    const created = await cliInProcess([
      'scopes',
      'create',
      '--name',
      'orders:read',
      '--description',
      'Read orders',
      '--claim',
      'email',
    ]);
    expect(created).toMatchObject({ code: 0, stdout: 'Created scope orders:read\n' });
    expect((await cliInProcess(['scopes', 'list'])).stdout).toMatch(/orders:read\s+email\s+Read orders/);
    expect((await cliInProcess(['scopes', 'delete', '--name', 'orders:read'])).code).toBe(0);
    const protectedScope = await cliInProcess(['scopes', 'delete', '--name', 'openid']);
    expect(protectedScope.code).toBe(1);
    expect(protectedScope.stderr).toContain('scope_protected');

    const keys = await cliInProcess(['keys', 'list', '--json']);
    expect(JSON.parse(keys.stdout).map((k: { state: string }) => k.state)).toContain('active');
    expect(keys.stdout).not.toMatch(/"d"|private/);
    expect((await cliInProcess(['users', 'list', '--limit', 'ten'])).code).toBe(2);
  });

  it('stops with exit code 1 naming a bad configuration', async () => {
    let stderr = '';
    const code = await runCli(['keys', 'list'], {
      env: { ...env, PORT: 'abc' },
      readStdin: async () => '',
      out: () => undefined,
      err: (line) => (stderr += line),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Invalid configuration:[\s\S]*PORT/);
  });
});
