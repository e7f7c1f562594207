import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { freePort } from '../src/database/embedded-postgres';
import { ApiResourcesService } from '../src/scopes/api-resources/api-resources.service';
import { ScopesService } from '../src/scopes/scopes.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { PASSWORD, withBrowserContext } from './support/browser-sign-in';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

const EXAMPLES = join(__dirname, '..', 'examples');

interface Example {
  child: ChildProcess;
  output(): string;
  url: string;
}

/** Runs one example as a user would (`node examples/…`), until it prints `ready` (or exits). */
async function runExample(script: string, env: Record<string, string>, ready: RegExp, at?: number): Promise<Example> {
  const port = at ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(EXAMPLES, script)], {
    env: { PATH: process.env.PATH, PORT: String(port), BASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const seen = new Promise<void>((resolve, reject) => {
    const check = () => ready.test(out) && resolve();
    child.stdout!.on('data', (d) => ((out += d), check()));
    child.stderr!.on('data', (d) => ((out += d), check()));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
  await seen;
  return { child, output: () => out, url };
}

/**
 * Waits until the element shows exactly `text`, or fails with what it shows. The condition runs
 * in the page, so it is a string (this project compiles without DOM types).
 */
async function expectText(page: Page, selector: string, text: string): Promise<void> {
  const shows = `document.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(text)}`;
  await page.waitForFunction(shows, undefined, { timeout: 15_000 }).catch(() => undefined);
  expect(await page.locator(selector).textContent()).toBe(text);
}

/** Signs alice in on the server's pages, whatever of login and consent it shows. */
async function signInOnServerPages(page: Page, backTo: string): Promise<void> {
  for (let i = 0; i < 4 && !page.url().startsWith(backTo); i++) {
    if (/\/login$/.test(new URL(page.url()).pathname)) {
      await page.getByLabel('Username or email').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    } else if (/\/consent$/.test(new URL(page.url()).pathname)) {
      await page.getByRole('button', { name: 'Allow' }).click();
    }
    await page.waitForURL((u) => u.href.startsWith(backTo) || /\/(login|consent)$/.test(u.pathname));
  }
  expect(page.url().startsWith(backTo)).toBe(true);
}

describe('examples/: each runs with one command against the server', () => {
  let t: TestApp;
  let browser: Browser;
  const running: ChildProcess[] = [];
  const start = async (...args: Parameters<typeof runExample>) => {
    const example = await runExample(...args);
    running.push(example.child);
    return example;
  };

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    await t.app.get(UsersService).create({
      username: 'alice',
      email: 'alice@example.com',
      name: 'Alice Liddell',
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    for (const child of running) child.kill();
    await browser?.close();
    await t?.close();
  });

  it('web-app: signs in, reads userinfo, refreshes and signs out (Express + openid-client)', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Example web app',
      redirectUris: [`${base}/callback`],
      postLogoutRedirectUris: [`${base}/`],
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
    });
    const web = await start(
      'web-app/server.mjs',
      { ISSUER: t.url, CLIENT_ID: client.clientId, CLIENT_SECRET: clientSecret! },
      /Example web app on/,
      port,
    );
    await withBrowserContext(browser, async (page) => {
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.href.startsWith(t.url));
      await signInOnServerPages(page, base);
      if (!(await page.locator('#subject').count())) throw new Error(`${await page.content()}\n${web.output()}`);
      expect(await page.locator('#subject').textContent()).toBe('alice');

      await page.getByRole('link', { name: 'Profile (userinfo)' }).click();
      expect(JSON.parse((await page.locator('#userinfo').textContent())!)).toMatchObject({
        email: 'alice@example.com',
        name: 'Alice Liddell',
      });

      await page.goto(`${base}/refresh`);
      expect(await page.locator('#refreshed').textContent()).toMatch(/New access token, expires in \d+ s/);

      await page.goto(`${base}/logout`);
      await page.waitForURL((u) => u.href.startsWith(t.url) || u.href === `${base}/`);
      if (page.url().startsWith(t.url)) {
        await page.getByRole('button', { name: /sign out|log out/i }).click();
        await page.waitForURL(`${base}/`);
      }
      await page.getByText('You are signed out.').waitFor();
      const sessions = await t.dataSource.query('SELECT count(*)::int AS n FROM sessions WHERE ended_at IS NULL');
      expect(sessions[0].n).toBe(0);
    });
  });

  it('spa: a public client with PKCE signs in, reads userinfo, refreshes and signs out (oauth4webapi in the browser)', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Example single-page app',
      redirectUris: [`${base}/callback`],
      postLogoutRedirectUris: [`${base}/`],
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
      tokenEndpointAuthMethod: 'none',
    });
    expect(clientSecret).toBeUndefined();
    await start('spa/serve.mjs', { ISSUER: t.url, CLIENT_ID: client.clientId }, /single-page/, port);
    await withBrowserContext(browser, async (page) => {
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.href.startsWith(t.url));
      await signInOnServerPages(page, base);
      await expectText(page, '#status', 'Signed in as alice');
      expect(JSON.parse((await page.locator('#userinfo').textContent())!)).toMatchObject({
        email: 'alice@example.com',
      });

      await page.getByRole('button', { name: 'Refresh tokens' }).click();
      await expectText(page, '#status', 'Signed in as alice (tokens refreshed)');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((u) => u.href.startsWith(t.url) || u.href === `${base}/`);
      if (page.url().startsWith(t.url)) {
        await page.getByRole('button', { name: /sign out|log out/i }).click();
        await page.waitForURL(`${base}/`);
      }
      await expectText(page, '#status', 'You are signed out.');
    });
  });

  it('device-cli: prints a code, the user approves it in a browser, the command gets tokens and userinfo', async () => {
    const { client } = await t.app.get(ClientsService).create({
      clientName: 'Example device client',
      grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
      tokenEndpointAuthMethod: 'none',
    });
    const cli = await start(
      'device-cli/device.mjs',
      { ISSUER: t.url, CLIENT_ID: client.clientId },
      /\(or open (\S+)\)/,
    );
    const complete = /\(or open (\S+)\)/.exec(cli.output())![1];
    const exited = new Promise<number | null>((ok) => cli.child.on('exit', ok));
    await withBrowserContext(browser, async (page) => {
      await page.goto(complete);
      for (let i = 0; i < 4; i++) {
        const login = page.getByLabel('Username or email');
        if (await login.isVisible()) {
          await login.fill('alice');
          await page.getByLabel('Password').fill(PASSWORD);
          await page.getByRole('button', { name: 'Sign in' }).click();
        } else if (await page.getByRole('button', { name: 'Allow' }).isVisible()) {
          await page.getByRole('button', { name: 'Allow' }).click();
        } else if (await page.getByRole('button', { name: /continue|confirm/i }).isVisible()) {
          await page.getByRole('button', { name: /continue|confirm/i }).click();
        } else break;
        await page.waitForLoadState();
      }
    });
    expect(await exited).toBe(0);
    const result = JSON.parse(cli.output().trim().split('\n').pop()!);
    expect(result).toMatchObject({ refresh_token: true, userinfo: { email: 'alice@example.com' } });
    expect(result.scope.split(' ').sort()).toEqual(['email', 'offline_access', 'openid', 'profile']);
  });

  it('resource-server: accepts JWT and opaque access tokens for its own API, with scopes, and refuses the rest', async () => {
    const clients = t.app.get(ClientsService);
    const scopes = t.app.get(ScopesService);
    for (const name of ['orders:read', 'orders:write', 'billing:read'])
      await scopes.create({ name, description: name });
    // The example's default AUDIENCE, which getting-started.md defines as an API resource.
    const resources = t.app.get(ApiResourcesService);
    await resources.create({
      identifier: 'http://localhost:3003',
      displayName: 'Example API',
      scopes: ['orders:read', 'orders:write'],
    });
    await resources.create({
      identifier: 'https://billing.example.com',
      displayName: 'Billing',
      scopes: ['billing:read'],
    });
    // A resource server linked to no API resource is told of every access token at introspection:
    // the example's own aud check is all that keeps other APIs' tokens out.
    const api = await clients.create({ clientName: 'Example API', grantTypes: [], isResourceServer: true });
    const caller = (accessTokenFormat: 'jwt' | 'opaque', allowedScopes: string[]) =>
      clients.create({
        clientName: `caller ${accessTokenFormat} ${allowedScopes.join(' ')}`,
        grantTypes: ['client_credentials'],
        allowedScopes,
        defaultScopes: [],
        accessTokenFormat,
      });
    const server = await start(
      'resource-server/api.mjs',
      { ISSUER: t.url, INTROSPECTION_CLIENT_ID: api.client.clientId, INTROSPECTION_CLIENT_SECRET: api.clientSecret! },
      /Example resource server on/,
    );
    const tokenFor = async (issued: Awaited<ReturnType<typeof caller>>, scope: string, resource?: string) => {
      const response = await fetch(`${t.url}/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${issued.client.clientId}:${issued.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope, ...(resource ? { resource } : {}) }),
      });
      const body = (await response.json()) as { access_token: string };
      expect({ status: response.status, body }).toMatchObject({ status: 200, body: { scope } });
      return body.access_token;
    };
    const call = (path: string, token?: string) =>
      fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    for (const format of ['jwt', 'opaque'] as const) {
      const reader = await caller(format, ['orders:read', 'billing:read']);
      const token = await tokenFor(reader, 'orders:read', 'http://localhost:3003');
      expect(format === 'jwt' ? token.split('.').length : 1).toBe(format === 'jwt' ? 3 : 1);
      const orders = await call('/api/orders', token);
      expect(orders.status).toBe(200);
      const me = await call('/api/me', token);
      expect(await me.json()).toMatchObject({ scope: 'orders:read' });

      const narrow = await tokenFor(await caller(format, ['orders:write']), 'orders:write', 'http://localhost:3003');
      const refused = await call('/api/orders', narrow);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('www-authenticate')).toContain('insufficient_scope');

      // RFC 9068 §4: a valid token of this issuer for another API, or for the issuer itself, is not for this one.
      for (const other of [
        await tokenFor(reader, 'billing:read', 'https://billing.example.com'),
        await tokenFor(reader, 'orders:read'),
      ]) {
        const response = await call('/api/me', other);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toContain('invalid_token');
      }
    }
    expect((await call('/api/me')).status).toBe(401);
    expect((await call('/api/me', 'not-a-token')).status).toBe(401);
    expect((await call('/api/me', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).status).toBe(401);
  });
});
