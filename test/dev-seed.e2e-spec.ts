import * as oidc from 'openid-client';
import type { SeedResultDto } from '../src/admin/dev/dev.dto';
import { runCli } from '../src/cli/run-cli';
import { UsersService } from '../src/users/users.service';
import { discoverClient } from './support/browser-sign-in';
import { CookieJar } from './support/cookie-jar';
import { databaseUrl } from './support/database';
import { postForm } from './support/introspection-requests';
import { basicAuth } from './support/token-requests';
import { startTestApp, TEST_SECRETS, type TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

describe('the development seed (cli dev seed)', () => {
  let t: TestApp;

  async function cli(args: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: {
        NODE_ENV: 'development',
        ISSUER: t.url,
        DATABASE_URL: databaseUrl(t.database),
        DATA_DIR: tempDir('oidc-seed-'),
        ...TEST_SECRETS,
        ...env,
      },
      readStdin: async () => '',
      out: (line) => (stdout += `${line}\n`),
      err: (line) => (stderr += `${line}\n`),
    });
    return { code, stdout, stderr };
  }

  async function seed(): Promise<SeedResultDto> {
    const run = await cli(['dev', 'seed', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout) as SeedResultDto;
  }

  /**
   * The browser's part over plain HTTP (nothing listens on the demo redirect URI): follow the
   * redirects, sign in, allow, and stop at the redirect to the client.
   */
  async function signInOverHttp(config: oidc.Configuration, redirectUri: string, login: string, password: string) {
    const checks = {
      pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
      expectedState: oidc.randomState(),
      expectedNonce: oidc.randomNonce(),
    };
    const jar = new CookieJar();
    let next = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile offline_access',
      prompt: 'consent',
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.pkceCodeVerifier),
      code_challenge_method: 'S256',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
    }).href;
    for (let step = 0; !next.startsWith(redirectUri); step++) {
      if (step > 10) throw new Error(`no redirect to ${redirectUri}; stuck at ${next}`);
      let res = await jar.fetch(next);
      if (res.status === 200) {
        const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())![1];
        const form: Record<string, string> = next.includes('/login')
          ? { csrf, login, password }
          : { csrf, decision: 'allow' };
        res = await jar.post(next, form);
      }
      expect([302, 303]).toContain(res.status);
      next = new URL(res.headers.get('location')!, next).href;
    }
    return { url: new URL(next), checks };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('resets an existing demo user to the printed password, and its printed secrets work', async () => {
    // The bug: alice existed with another password, and the seed printed one that did not work.
    await t.app.get(UsersService).create({ username: 'alice', password: 'some older password' });
    const seeded = await seed();
    const alice = seeded.users.find((u) => u.username === 'alice')!;
    expect(alice).toEqual({ username: 'alice', password: 'alice-demo-password', created: false });
    expect(await t.app.get(UsersService).authenticate('alice', alice.password)).not.toBeNull();

    const byKind = Object.fromEntries(seeded.clients.map((c) => [c.kind, c]));
    expect(byKind.web).toMatchObject({
      client_id: 'demo-web',
      redirect_uris: ['http://localhost:3001/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      client_secret: 'demo-web-secret',
    });
    expect(byKind.spa).toMatchObject({
      client_id: 'demo-spa',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://localhost:3002/callback'],
    });
    expect(byKind.spa.client_secret).toBeUndefined();
    expect(byKind.device).toMatchObject({ client_id: 'demo-device', token_endpoint_auth_method: 'none' });
    expect(byKind['resource-server']).toMatchObject({ client_id: 'demo-api', client_secret: 'demo-api-secret' });

    // A real sign-in as alice with the web client and its printed secret, then the API introspects.
    const config = await discoverClient(t.url, 'demo-web', byKind.web.client_secret);
    const callback = await signInOverHttp(config, 'http://localhost:3001/callback', 'alice', alice.password);
    const tokens = await oidc.authorizationCodeGrant(config, callback.url, callback.checks);
    expect(tokens.refresh_token).toBeDefined();
    const introspected = await postForm(
      t,
      '/oauth2/introspect',
      { token: tokens.access_token },
      { authorization: basicAuth('demo-api', byKind['resource-server'].client_secret!) },
    );
    expect(introspected.status).toBe(200);
    expect(introspected.body).toMatchObject({ active: true, client_id: 'demo-web', username: 'alice' });
  });

  it('prints what it made for a person: users with passwords, client ids with secrets', async () => {
    const run = await cli(['dev', 'seed']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/alice\s+alice-demo-password/);
    // Run again over existing clients: the published secrets stay what the examples expect.
    expect(run.stdout).toMatch(/demo-web \(web\)[\s\S]*client_secret: demo-web-secret/);
    expect(run.stdout).toMatch(/demo-api \(resource-server\)[\s\S]*client_secret: demo-api-secret/);
    expect(run.stdout).toMatch(/redirect_uri:\s+http:\/\/localhost:3002\/callback/);
    expect(run.stdout).toContain(`${t.url}/.well-known/openid-configuration`);
  });

  it('is refused in production', async () => {
    const run = await cli(['dev', 'seed'], { NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused when NODE_ENV=production/);
  });
});
