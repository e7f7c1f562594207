import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { CreateClientInput } from '../src/clients/client-input';
import { DEVICE_CODE_GRANT_TYPE } from '../src/token/grants/device-code.grant-type';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'client-links-admin-token-0123456789abcdef0123';
const POLICY = 'https://legal.shop.example/privacy?lang=en';
const TERMS = 'https://shop.example/terms';
const LOGO = 'https://shop.example/logo.png';
const PHONE = { width: 390, height: 844 };
// A 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
/** URLs no page may link or load, whatever the metadata rules or the database let through. */
const HOSTILE = ['javascript:alert(document.domain)//https://shop.example/', 'data:text/html,<h1>Sign in</h1>'];

/** What a login or consent page shows of the client's own pages and logo. */
interface Shown {
  links: { text: string; href: string | null; target: string | null; rel: string | null }[];
  /** The line the links are on, as the user reads it. */
  line: string | null;
  images: (string | null)[];
}

const shown = async (page: Page): Promise<Shown> => {
  await page.waitForLoadState('load');
  const documents = page.locator('.client-documents');
  const links = await documents.getByRole('link').all();
  return {
    links: await Promise.all(
      links.map(async (a) => ({
        text: (await a.textContent()) ?? '',
        href: await a.getAttribute('href'),
        target: await a.getAttribute('target'),
        rel: await a.getAttribute('rel'),
      })),
    ),
    line: (await documents.count()) === 0 ? null : await documents.innerText(),
    images: await Promise.all((await page.locator('main img').all()).map((img) => img.getAttribute('src'))),
  };
};

const linkTo = (text: string, href: string) => ({ text, href, target: '_blank', rel: 'noreferrer noopener' });

/**
 * OIDC Registration 1.0 §2: the OP SHOULD show the client's policy_uri and tos_uri to the user,
 * and its logo_uri during approval. They are on the login page, before the user signs in, and on
 * the consent page; the logo only for a client an administrator approved (RFC 7591 §5).
 */
describe('the client’s privacy policy, terms of service and logo on the login and consent pages', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let logoRequests: string[];

  const makeClient = async (input: Partial<CreateClientInput>) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Shop',
      redirectUris: [redirectUri],
      allowedScopes: ['openid', 'profile'],
      consentPolicy: 'always',
      ...input,
    });
    return {
      clientId: client.clientId,
      config: await discoverClient(t.url, client.clientId, clientSecret ?? undefined),
    };
  };

  /** Signs alice in to `config` in a fresh browser: what the login page showed, then the consent page. */
  const pagesSeen = async (config: oidc.Configuration, params: Record<string, string> = {}) => {
    const seen: { login?: Shown; consent?: Shown; html: string[] } = { html: [] };
    await withBrowserContext(browser, async (page) => {
      await page.route('https://shop.example/**', (route) => {
        logoRequests.push(route.request().url());
        return route.fulfill({ contentType: 'image/png', body: PNG });
      });
      await page.goto(
        oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: 'openid profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
          ...params,
        }).href,
      );
      await page.waitForURL(/\/login$/);
      seen.login = await shown(page);
      seen.html.push(await page.content());
      await signInAt(page);
      await page.waitForURL(/\/consent$/);
      seen.consent = await shown(page);
      seen.html.push(await page.content());
    });
    return seen;
  };

  const signInAt = async (page: Page) => {
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form:not(.alternative) button[type="submit"]').click();
  };

  const register = (metadata: Record<string, unknown>) =>
    fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Shop', redirect_uris: [redirectUri], scope: 'openid profile', ...metadata }),
    });

  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-admin-token': ADMIN_TOKEN },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    [t, browser] = await Promise.all([startTestApp({ ADMIN_TOKEN }), launchBrowser()]);
    await t.app.get(UsersService).create({ username: 'alice', password: PASSWORD });
  });
  beforeEach(() => {
    logoRequests = [];
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('links an approved client’s privacy policy and terms, each with its host, and shows its logo, on both pages', async () => {
    const { config } = await makeClient({ policyUri: POLICY, tosUri: TERMS, logoUri: LOGO });
    const { login, consent } = await pagesSeen(config);
    const expected: Shown = {
      links: [linkTo('Privacy policy', POLICY), linkTo('Terms of service', TERMS)],
      line: expect.stringMatching(/^Privacy policy \(legal\.shop\.example\)\s+Terms of service \(shop\.example\)$/),
      images: [LOGO],
    };
    expect(login).toEqual(expected);
    expect(consent).toEqual(expected);
    expect([...new Set(logoRequests)]).toEqual([LOGO]);
  });

  it('shows no such line for a client without them, and only the one it has', async () => {
    const none = await pagesSeen((await makeClient({})).config);
    expect(none.login).toEqual({ links: [], line: null, images: [] });
    expect(none.consent).toEqual({ links: [], line: null, images: [] });

    const termsOnly = await pagesSeen((await makeClient({ tosUri: TERMS })).config);
    expect(termsOnly.login!.links).toEqual([linkTo('Terms of service', TERMS)]);
    expect(termsOnly.consent!.links).toEqual([linkTo('Terms of service', TERMS)]);
  });

  it('links a self-registered client’s pages by their host too, and loads no logo it names until approved', async () => {
    const res = await register({ policy_uri: POLICY, tos_uri: TERMS, logo_uri: LOGO });
    expect(res.status).toBe(201);
    const { client_id, client_secret } = (await res.json()) as { client_id: string; client_secret: string };
    const { login, consent } = await pagesSeen(await discoverClient(t.url, client_id, client_secret));
    for (const page of [login!, consent!]) {
      expect(page.links).toEqual([linkTo('Privacy policy', POLICY), linkTo('Terms of service', TERMS)]);
      expect(page.line).toMatch(/\(legal\.shop\.example\)[\s\S]*\(shop\.example\)/);
      expect(page.images).toEqual([]);
    }
    expect(logoRequests).toEqual([]);
  });

  it('speaks the page’s language', async () => {
    const { config } = await makeClient({ policyUri: POLICY, tosUri: TERMS });
    const de = await pagesSeen(config, { ui_locales: 'de' });
    expect(de.login!.links.map((l) => l.text)).toEqual(['Datenschutzerklärung', 'Nutzungsbedingungen']);
    const fr = await pagesSeen(config, { ui_locales: 'fr' });
    expect(fr.consent!.links.map((l) => l.text)).toEqual(['Politique de confidentialité', "Conditions d'utilisation"]);
  });

  it('names the client with its logo and links on the device flow’s login page', async () => {
    const { clientId } = await makeClient({
      clientName: 'Living Room TV',
      redirectUris: [],
      grantTypes: [DEVICE_CODE_GRANT_TYPE],
      responseTypes: [],
      tokenEndpointAuthMethod: 'none',
      policyUri: POLICY,
      tosUri: TERMS,
      logoUri: LOGO,
    });
    const started = await fetch(`${t.url}/oauth2/device_authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, scope: 'openid' }),
    });
    const { verification_uri_complete } = (await started.json()) as { verification_uri_complete: string };
    await withBrowserContext(browser, async (page) => {
      await page.route('https://shop.example/**', (route) => route.fulfill({ contentType: 'image/png', body: PNG }));
      await page.goto(verification_uri_complete);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\/oauth2\/device\/login$/);
      expect(await page.locator('.continue-to').innerText()).toBe('to continue to Living Room TV');
      expect(await shown(page)).toEqual({
        links: [linkTo('Privacy policy', POLICY), linkTo('Terms of service', TERMS)],
        line: expect.stringContaining('(legal.shop.example)'),
        images: [LOGO],
      });
    });
  });

  it('keeps a long host within a 390 px wide phone', async () => {
    const host = `${'a-rather-long-label-for-a-host-name.'.repeat(3)}example`;
    const { config } = await makeClient({ policyUri: `https://${host}/privacy`, tosUri: `https://${host}/terms` });
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      await page.goto(
        oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        }).href,
      );
      await page.waitForURL(/\/login$/);
      expect(await page.locator('.client-documents').innerText()).toContain(host);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    } finally {
      await context.close();
    }
  });

  describe('a javascript: or data: URL is never rendered', () => {
    it('is refused by dynamic registration', async () => {
      for (const field of ['policy_uri', 'tos_uri', 'logo_uri'])
        for (const uri of HOSTILE) {
          const res = await register({ [field]: uri });
          expect([field, uri, res.status, ((await res.json()) as { error: string }).error]).toEqual([
            field,
            uri,
            400,
            'invalid_client_metadata',
          ]);
        }
    });

    it('is refused by the admin API, on creation and on update', async () => {
      const created = await admin('POST', '/admin/clients', {
        client_name: 'Shop',
        redirect_uris: [redirectUri],
        policy_uri: POLICY,
      });
      expect(created.status).toBe(201);
      const { client_id } = ((await created.json()) as { client: { client_id: string } }).client;
      for (const field of ['policy_uri', 'tos_uri', 'logo_uri'])
        for (const uri of HOSTILE) {
          const post = await admin('POST', '/admin/clients', {
            client_name: 'Shop',
            redirect_uris: [redirectUri],
            [field]: uri,
          });
          const patch = await admin('PATCH', `/admin/clients/${client_id}`, { [field]: uri });
          expect([field, uri, post.status, patch.status]).toEqual([field, uri, 400, 400]);
        }
      const [row] = await t.dataSource.query('SELECT policy_uri, tos_uri, logo_uri FROM clients WHERE client_id = $1', [
        client_id,
      ]);
      expect(row).toEqual({ policy_uri: POLICY, tos_uri: null, logo_uri: null });
    });

    it('is left off the pages even when the database holds one (a row written by hand, or before the rules)', async () => {
      const { clientId, config } = await makeClient({});
      await t.dataSource.query('UPDATE clients SET policy_uri = $2, tos_uri = $3, logo_uri = $3 WHERE client_id = $1', [
        clientId,
        ...HOSTILE,
      ]);
      const { login, consent, html } = await pagesSeen(config);
      expect(login).toEqual({ links: [], line: null, images: [] });
      expect(consent).toEqual({ links: [], line: null, images: [] });
      expect(html).toHaveLength(2);
      for (const page of html) {
        expect(page).not.toContain('javascript:');
        expect(page).not.toContain('data:text');
      }
    });
  });
});
