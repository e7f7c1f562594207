import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { withBrowserContext } from '../support/browser-sign-in';
import { startTestApp, TestApp } from '../support/test-app';
import { OutboxWorker } from '../../src/outbox/outbox.worker';
import { eventually } from '../support/eventually';
import { adminApi, ADMIN_TOKEN, ALICE, createAlice } from './support/admin-api';
import { ApacheHttpd, startApacheHttpd } from './support/apache-httpd';
import { completeSignIn, completeSignOut } from './support/interaction-pages';

// Apache httpd with mod_auth_openidc (Debian's apache2-bin and libapache2-mod-auth-openidc), an
// RP nobody here wrote, protects a page that shows the claims it passes to the application.
jest.setTimeout(60_000);

// Require valid-user is mod_authz_user's; mod_include renders the claims page.
const MODULES = ['authz_user', 'include', 'auth_openidc'];
const CLAIMS = ['sub', 'email', 'email_verified', 'name', 'given_name', 'family_name'];

/** The protected page: mod_include prints the claims mod_auth_openidc put in the environment. */
const CLAIMS_PAGE = `<!DOCTYPE html><title>Claims</title><dl>
${CLAIMS.map((c) => `<dt>${c}</dt><dd id="${c}"><!--#echo var="OIDC_CLAIM_${c}" --></dd>`).join('\n')}
</dl>`;

/** One protected site: the claims page behind mod_auth_openidc, a page to come back to after logout. */
function protectedSite(url: string, dir: string, provider: string) {
  return {
    config: `
OIDCRedirectURI ${url}/protected/redirect_uri
OIDCCryptoPassphrase ${randomBytes(24).toString('hex')}
OIDCScope "openid profile email"
# The server requires PKCE of every client; this module's version does not send it unless told.
OIDCPKCEMethod S256
OIDCPassClaimsAs environment
OIDCDefaultLoggedOutURL ${url}/logged-out.html
${provider}
<Directory ${dir}/htdocs>
  Options +Includes
  AddOutputFilter INCLUDES .shtml
  AddType "text/html; charset=utf-8" .shtml
</Directory>
<Location /protected>
  AuthType openid-connect
  Require valid-user
</Location>`,
    files: {
      'htdocs/protected/claims.shtml': CLAIMS_PAGE,
      'htdocs/logged-out.html': '<!DOCTYPE html><title>Signed out</title><p>Signed out of the RP</p>',
    },
  };
}

describe('Apache httpd + mod_auth_openidc', () => {
  let t: TestApp;
  let browser: Browser;
  let aliceId: string;
  let httpd: ApacheHttpd | undefined;

  beforeAll(async () => {
    // The RP listens on 127.0.0.1, where back-channel logout tokens go only when allowed.
    t = await startTestApp({ ADMIN_TOKEN, OUTBOUND_ALLOW: '127.0.0.1' });
    browser = await launchBrowser();
    aliceId = await createAlice(t);
  });
  afterEach(async () => {
    await httpd?.close();
    httpd = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens the protected page and signs in wherever the RP sends the browser; returns the claims shown. */
  async function signIn(page: Page, rp: ApacheHttpd, discover?: () => Promise<void>) {
    await page.goto(`${rp.url}/protected/claims.shtml`);
    await discover?.();
    const steps = await explainedByRp(page, rp, async () => {
      await page.waitForURL((u) => u.origin === t.url, { timeout: 10_000 });
      const pages = await completeSignIn(page, (u) => u.origin === rp.url);
      await page.waitForURL(`${rp.url}/protected/claims.shtml`, { timeout: 10_000 });
      return pages;
    });
    const claims: Record<string, string | null> = {};
    for (const c of CLAIMS) claims[c] = await page.locator(`#${c}`).textContent();
    return { steps, claims };
  }

  /** A failure to get through names what mod_auth_openidc showed and logged: it says why. */
  const explainedByRp = <T>(page: Page, rp: ApacheHttpd, run: () => Promise<T>) =>
    run().catch(async (e: Error) => {
      throw new Error(`${e.message}\nat ${page.url()}: ${await page.locator('body').innerText()}\n${rp.errorLog()}`);
    });

  /** mod_auth_openidc's logout: to the end_session_endpoint with its ID token, then back to the RP. */
  async function signOut(page: Page, rp: ApacheHttpd) {
    const back = `${rp.url}/logged-out.html`;
    await page.goto(`${rp.url}/protected/redirect_uri?logout=${encodeURIComponent(back)}`);
    await completeSignOut(page, t.url, back);
  }

  const aliceClaims = () => ({
    sub: aliceId,
    email: ALICE.email,
    email_verified: '1',
    name: ALICE.name,
    given_name: ALICE.given_name,
    family_name: ALICE.family_name,
  });

  it('signs in with a client created through the admin API, shows the claims, and signs out at the end_session_endpoint', async () => {
    httpd = await startApacheHttpd(MODULES, async (url, dir) => {
      const { client, client_secret } = await adminApi<{ client: { client_id: string }; client_secret: string }>(
        t,
        'POST',
        '/admin/clients',
        {
          client_name: 'Apache httpd',
          redirect_uris: [`${url}/protected/redirect_uri`],
          post_logout_redirect_uris: [`${url}/logged-out.html`],
          allowed_scopes: ['openid', 'profile', 'email'],
        },
      );
      return protectedSite(
        url,
        dir,
        `OIDCProviderMetadataURL ${t.url}/.well-known/openid-configuration
OIDCClientID ${client.client_id}
OIDCClientSecret ${client_secret}`,
      );
    });
    const rp = httpd;
    await withBrowserContext(browser, async (page) => {
      const first = await signIn(page, rp);
      expect(first.steps[0]).toBe('login');
      expect(first.claims).toEqual(aliceClaims());
      await signOut(page, rp);
      // Both sessions ended: the protected page sends the browser to the login page again.
      await page.goto(`${rp.url}/protected/claims.shtml`);
      await page.waitForURL((u) => u.origin === t.url);
      expect(new URL(page.url()).pathname).toMatch(/\/interaction\/[^/]+\/login$/);
    });
  });

  it('registers itself by discovery and dynamic registration with its own metadata, signs in, out, and in again without a second consent', async () => {
    httpd = await startApacheHttpd(MODULES, (url, dir) => {
      // Where the module keeps the provider metadata it discovers and the client it registers.
      mkdirSync(join(dir, 'metadata'), { mode: 0o777 });
      chmodSync(join(dir, 'metadata'), 0o777);
      return protectedSite(
        url,
        dir,
        `OIDCMetadataDir ${dir}/metadata\nOIDCClientName "Apache httpd (registered itself)"`,
      );
    });
    const rp = httpd;
    // The module's own discovery page asks which provider: the user names the issuer.
    const chooseIssuer = async (page: Page) => {
      await page.locator('input[name="iss"]').fill(t.url);
      await page.getByRole('button', { name: 'Submit' }).click();
    };
    await withBrowserContext(browser, async (page) => {
      const first = await signIn(page, rp, () => chooseIssuer(page));
      expect(first.steps).toEqual(['login', 'consent']);
      expect(first.claims).toEqual(aliceClaims());

      // It discovered the server, registered a client with the metadata it chose, and keeps it.
      const saved = readdirSync(join(rp.dir, 'metadata'));
      const clientFile = saved.find((f) => f.endsWith('.client'))!;
      const { client_id } = JSON.parse(readFileSync(join(rp.dir, 'metadata', clientFile), 'utf8')) as {
        client_id: string;
      };
      const client = await adminApi<{ allowed_scopes: string[] }>(t, 'GET', `/admin/clients/${client_id}`);
      expect(client).toMatchObject({
        client_name: 'Apache httpd (registered itself)',
        redirect_uris: [`${rp.url}/protected/redirect_uri`],
        consent_policy: 'once',
        // It asks for all six response types; on a local address a web client gets no implicit
        // flow (OIDC Registration §2), and those returning access tokens are not served anyway.
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token'],
        application_type: 'web',
      });
      expect(client.allowed_scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));

      // Signed out and in again: the consent given once is remembered.
      await signOut(page, rp);
      const again = await signIn(page, rp, () => chooseIssuer(page));
      expect(again.steps).toEqual(['login']);
      expect(again.claims).toEqual(aliceClaims());
    });
  });

  it('takes a back-channel logout token (OIDC Back-Channel Logout 1.0): an administrator signs the user out, and the RP’s session ends too', async () => {
    let clientId = '';
    httpd = await startApacheHttpd(MODULES, async (url, dir) => {
      const { client, client_secret } = await adminApi<{ client: { client_id: string }; client_secret: string }>(
        t,
        'POST',
        '/admin/clients',
        {
          client_name: 'Apache httpd (back-channel logout)',
          redirect_uris: [`${url}/protected/redirect_uri`],
          post_logout_redirect_uris: [`${url}/logged-out.html`],
          allowed_scopes: ['openid', 'profile', 'email'],
          // mod_auth_openidc's back-channel logout endpoint is its redirect URI with logout=backchannel.
          backchannel_logout_uri: `${url}/protected/redirect_uri?logout=backchannel`,
          backchannel_logout_session_required: true,
        },
      );
      clientId = client.client_id;
      return protectedSite(
        url,
        dir,
        `OIDCProviderMetadataURL ${t.url}/.well-known/openid-configuration
OIDCClientID ${client.client_id}
OIDCClientSecret ${client_secret}`,
      );
    });
    const rp = httpd;
    await withBrowserContext(browser, async (page) => {
      expect((await signIn(page, rp)).claims).toEqual(aliceClaims());
      await adminApi(t, 'DELETE', `/admin/users/${aliceId}/sessions`);
      // The outbox delivers the logout token; the module answers 200 once it has checked it.
      const delivered = await eventually(
        async () => {
          await t.app.get(OutboxWorker).drainOnce();
          const { items } = await adminApi<{ items: { state: string; last_error: string | null; summary: string }[] }>(
            t,
            'GET',
            '/admin/outbox?kind=backchannel-logout',
          );
          // Alice's other sessions end too, and their clients (the earlier tests' sites, gone) are told as well.
          const ours = items.find((d) => d.summary === `logout token to client ${clientId}`);
          expect(ours?.state).toBe('delivered');
          return ours!;
        },
        15_000,
        250,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\n${rp.errorLog()}`);
      });
      expect(delivered.last_error).toBeNull();
      // The RP's own session is gone: the protected page sends the browser back to sign in.
      await page.goto(`${rp.url}/protected/claims.shtml`);
      await page.waitForURL((u) => u.origin === t.url);
      expect(new URL(page.url()).pathname).toMatch(/\/interaction\/[^/]+\/login$/);
    });
  });
});
