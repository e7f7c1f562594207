import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../src/cli/run-cli';
import { launchBrowser } from './support/browser';
import { databaseUrl } from './support/database';
import { startTestApp, TEST_SECRETS, type TestApp } from './support/test-app';
import { createUser } from './support/token-requests';
import { tempDir } from './support/temp-dir';

// The console part drives a real browser through a few pages.
jest.setTimeout(60_000);

const ADMIN_TOKEN = 'password-grant-admin-token-0123456789abcdef';
const PASSWORD = 'correct horse battery';

/**
 * The password grant is declared once (src/token/grants/password.grant.ts) and every way an
 * operator makes a client reads that declaration: the admin API, the console and the CLI can
 * enable it, and each client so made gets a token with grant_type=password from openid-client.
 * Dynamic registration may not ask for it (RFC 9700 §2.4).
 */
describe('the password grant, enabled by an operator', () => {
  let t: TestApp;
  let browser: Browser;

  /** openid-client's own grant request, as an RP that still uses the password grant sends it. */
  async function passwordToken(clientId: string, clientSecret: string) {
    const config = await oidc.discovery(new URL(t.url), clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    return oidc.genericGrantRequest(config, 'password', {
      username: 'alice',
      password: PASSWORD,
      scope: 'openid profile',
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    browser = await launchBrowser();
    await createUser(t, { username: 'alice', email: 'alice@example.com', name: 'Alice' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is announced in discovery with the grants every other part reads', async () => {
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['password', 'implicit', 'authorization_code']));
  });

  it('admin API: creates a password-grant client that gets a token with grant_type=password', async () => {
    const res = await fetch(`${t.url}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        client_name: 'Legacy app (API)',
        grant_types: ['password', 'refresh_token'],
        response_types: [],
        allowed_scopes: ['openid', 'profile'],
      }),
    });
    expect(res.status).toBe(201);
    const { client, client_secret } = (await res.json()) as {
      client: { client_id: string; grant_types: string[] };
      client_secret: string;
    };
    expect(client.grant_types).toEqual(['password', 'refresh_token']);
    const tokens = await passwordToken(client.client_id, client_secret);
    expect(tokens.scope).toBe('openid profile');
    expect(tokens.claims()?.amr).toEqual(['pwd']);
  });

  it('admin API: the OpenAPI document lists every declared grant and response type', async () => {
    const doc = (await (await fetch(`${t.url}/admin/docs-json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { items?: { enum?: string[] } }> }> };
    };
    const props = doc.components.schemas.CreateClientDto.properties;
    expect(props.grant_types.items?.enum).toEqual(expect.arrayContaining(['password', 'implicit']));
    expect(props.response_types.items?.enum).toEqual(expect.arrayContaining(['code', 'id_token', 'code id_token']));
  });

  it('console: creates a password-grant client through the form that gets a token with grant_type=password', async () => {
    const context = await browser.newContext();
    try {
      const page: Page = await context.newPage();
      await page.goto(`${t.url}/admin`);
      await page.getByLabel('Admin token (required)').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${t.url}/admin/console`);
      await page.goto(`${t.url}/admin/console/clients/new`);
      await page.getByLabel('Name (required)').fill('Legacy app (console)');
      await page.getByRole('checkbox', { name: 'Authorization code' }).uncheck();
      await page.getByRole('checkbox', { name: /^Password/ }).check();
      await page.getByLabel('Response types').fill('');
      await page.getByLabel('Allowed scopes').fill('openid profile');
      await page.getByRole('button', { name: 'Create client', exact: true }).click();
      await page.getByRole('heading', { name: 'Client created' }).waitFor();
      const clientId = (await page.locator('#client-id').textContent())!;
      const clientSecret = await page.locator('#client-secret').inputValue();
      const [row] = await t.dataSource.query('SELECT grant_types FROM clients WHERE client_id = $1', [clientId]);
      expect(row.grant_types).toEqual(['password']);
      const tokens = await passwordToken(clientId, clientSecret);
      expect(tokens.access_token).toEqual(expect.any(String));
    } finally {
      await context.close();
    }
  });

  it('CLI: clients create --grant-type password makes a client that gets a token with grant_type=password', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      [
        'clients',
        'create',
        '--name',
        'Legacy app (CLI)',
        '--grant-type',
        'password',
        '--scope',
        'openid',
        '--scope',
        'profile',
        '--json',
      ],
      {
        env: {
          NODE_ENV: 'test',
          DATABASE_URL: databaseUrl(t.database),
          DATA_DIR: tempDir('oidc-cli-'),
          LOG_LEVEL: 'silent',
          ...TEST_SECRETS,
        },
        readStdin: async () => '',
        out: (line) => (stdout += `${line}\n`),
        err: (line) => (stderr += `${line}\n`),
      },
    );
    expect([code, stderr]).toEqual([0, '']);
    const issued = JSON.parse(stdout) as {
      client: { client_id: string; grant_types: string[] };
      client_secret: string;
    };
    expect(issued.client.grant_types).toEqual(['password']);
    const tokens = await passwordToken(issued.client.client_id, issued.client_secret);
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it('CLI: refuses a grant type no grant declares, naming the ones there are', async () => {
    let stderr = '';
    const code = await runCli(['clients', 'create', '--name', 'Bad', '--grant-type', 'urn:example:magic'], {
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl(t.database),
        DATA_DIR: tempDir('oidc-cli-'),
        LOG_LEVEL: 'silent',
        ...TEST_SECRETS,
      },
      readStdin: async () => '',
      out: () => undefined,
      err: (line) => (stderr += `${line}\n`),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/urn:example:magic is not one of .*password/);
  });

  it('dynamic registration: asking for the password grant is refused with invalid_client_metadata', async () => {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Sneaky', grant_types: ['password'], response_types: [] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'grant_types: the password grant is not available to dynamically registered clients',
    });
  });
});
