import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { ApiResourcesService } from '../src/scopes/api-resources/api-resources.service';
import { ScopesService } from '../src/scopes/scopes.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

const ADMIN_TOKEN = 'console-admin-token-0123456789abcdef0123456789';
const ORDERS = 'https://orders.example.com/';
const BILLING = 'https://billing.example.com/';

/** What the consent page shows: the scopes of no resource, then each resource's heading and scopes. */
async function consentGroups(page: Page): Promise<{ own: string[]; resources: [string, string[]][] }> {
  const own = await page.locator('ul[aria-labelledby="scopes-heading"] li strong').allTextContents();
  const resources: [string, string[]][] = [];
  for (const section of await page.locator('section.resource').all())
    resources.push([
      await section.getByRole('heading').textContent(),
      await section.locator('li strong').allTextContents(),
    ] as [string, string[]]);
  return { own, resources };
}

describe('API resources in the browser: the consent page and the console', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let config: oidc.Configuration;

  beforeAll(async () => {
    rp = await startRelyingParty();
    [t, browser] = await Promise.all([startTestApp({ ADMIN_TOKEN }), launchBrowser()]);
    const scopes = t.app.get(ScopesService);
    await scopes.create({ name: 'orders:read', description: 'Read your orders' });
    await scopes.create({ name: 'orders:write', description: 'Place orders for you' });
    await scopes.create({ name: 'billing:read', description: 'See your invoices' });
    const resources = t.app.get(ApiResourcesService);
    await resources.create({ identifier: ORDERS, displayName: 'Orders API', scopes: ['orders:read', 'orders:write'] });
    await resources.create({ identifier: BILLING, displayName: 'Billing API', scopes: ['billing:read'] });
    await t.app.get(UsersService).create({ username: 'alice', password: PASSWORD });
    await t.app.get(UsersService).create({ username: 'bernd', password: PASSWORD, locale: 'de-DE' });
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Shop',
      redirectUris: [rp.url('/callback')],
      grantTypes: ['authorization_code'],
      allowedScopes: ['openid', 'profile', 'orders:read', 'orders:write', 'billing:read'],
      consentPolicy: 'always',
    });
    config = await discoverClient(t.url, client.clientId, clientSecret);
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await t?.close();
  });

  it('groups the scopes on the consent page under their API resource, this server’s own first', async () => {
    await withBrowserContext(browser, async (page) => {
      let shown: Awaited<ReturnType<typeof consentGroups>> | undefined;
      const run = await signInWithBrowser(page, config, rp.url('/callback'), {
        params: { scope: 'openid profile orders:read orders:write billing:read' },
        buildUrl: async (params) => {
          const url = oidc.buildAuthorizationUrl(config, params);
          url.searchParams.append('resource', ORDERS);
          url.searchParams.append('resource', BILLING);
          return url;
        },
        onConsentPage: async (p) => {
          shown = await consentGroups(p);
        },
      });
      expect(run.pages).toEqual(['login', 'consent']);
      expect(shown).toEqual({
        own: [
          'Sign you in and know who you are',
          'Your name, username, picture, birthday, gender, time zone, web pages and locale',
        ],
        resources: [
          ['At Orders API:', ['Read your orders', 'Place orders for you']],
          ['At Billing API:', ['See your invoices']],
        ],
      });
      const tokens = await redeem(config, run);
      expect(decodeJwt(tokens.id_token!).sub).toBeDefined();
      expect(tokens.scope).toBe('orders:read orders:write billing:read');
    });
  });

  it('leaves out of the consent page the scopes of resources not asked for, in the user’s language', async () => {
    await withBrowserContext(browser, async (page) => {
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: rp.url('/callback'),
        scope: 'openid orders:read billing:read',
        resource: BILLING,
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      await page.goto(url.href);
      await page.getByLabel('Username or email').fill('bernd');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/consent'));
      // Bernd reads German: the resource's heading is translated, its name is the administrator's.
      expect(await consentGroups(page)).toEqual({
        own: ['Sie anmelden und wissen, wer Sie sind'],
        resources: [['Bei Billing API:', ['See your invoices']]],
      });
    });
  });

  it('lets an administrator define an API resource in the console, showing each refusal at its field', async () => {
    await withBrowserContext(browser, async (page) => {
      const submit = async (name: string) => {
        const response = page.waitForResponse((r) => r.request().isNavigationRequest());
        await page.getByRole('button', { name, exact: true }).click();
        const status = (await response).status();
        await page.waitForLoadState();
        return status;
      };
      await page.goto(`${t.url}/admin/console/sign-in`);
      await page.getByLabel('Admin token (required)').fill(ADMIN_TOKEN);
      await submit('Sign in');
      await page
        .getByRole('navigation', { name: 'Console sections' })
        .getByRole('link', { name: 'API resources', exact: true })
        .click();
      await page.waitForLoadState();
      expect(await page.locator('table tbody tr').count()).toBe(2);
      await page.getByRole('link', { name: 'New API resource' }).click();
      await page.waitForLoadState();

      await page.getByLabel('Identifier (required)').fill('inventory');
      await page.getByLabel('Name (required)').fill('Inventory');
      await page.getByRole('checkbox', { name: 'orders:read' }).check();
      expect(await submit('Create API resource')).toBe(400);
      expect(await page.locator('#field-identifier-error').textContent()).toContain(
        'identifier must be an absolute URI without a fragment',
      );

      // orders:read belongs to the orders API: refused, said at the scopes.
      await page.getByLabel('Identifier (required)').fill('urn:example:inventory');
      expect(await submit('Create API resource')).toBe(409);
      expect(await page.locator('#field-scopes-error').textContent()).toContain(
        `scope orders:read belongs to API resource ${ORDERS}`,
      );

      await page.getByRole('checkbox', { name: 'orders:read' }).uncheck();
      await page.getByLabel('Access token format').selectOption('jwt');
      await page.getByLabel('Access token lifetime (seconds)').fill('900');
      expect(await submit('Create API resource')).toBe(303);
      expect(await page.locator('h1').textContent()).toBe('API resource Inventory');
      const [row] = await t.dataSource.query(
        `SELECT display_name, access_token_format, access_token_ttl FROM api_resources WHERE identifier = 'urn:example:inventory'`,
      );
      expect(row).toEqual({ display_name: 'Inventory', access_token_format: 'jwt', access_token_ttl: 900 });

      await page.getByRole('link', { name: 'Delete the API resource…' }).click();
      await page.waitForLoadState();
      expect(await submit('Delete the API resource')).toBe(303);
      expect(await page.locator('table tbody tr').count()).toBe(2);
      expect(
        await t.dataSource.query(`SELECT type FROM audit_events WHERE type LIKE 'admin.api_resource.%' ORDER BY id`),
      ).toEqual([{ type: 'admin.api_resource.created' }, { type: 'admin.api_resource.deleted' }]);
    });
  });
});
