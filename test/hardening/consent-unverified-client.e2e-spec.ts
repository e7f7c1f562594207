import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { discoverClient, signInWithBrowser, withBrowserContext } from '../support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from '../support/relying-party';
import { adminFetch, startHardeningApp, type HardeningApp } from './support/hardening-app';

const LOGO = 'https://logos.example.test/logo.png';
// A 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

jest.setTimeout(60_000);

/**
 * In Chromium: the consent page marks a client that registered itself (RFC 7591) as unverified
 * and the browser fetches nothing from its logo_uri, on the login page or the consent page,
 * until an administrator approves it; an error for it stays on a page until the user chooses to
 * go (RFC 9700 §4.11.2).
 */
describe('a self-registered client in Chromium: its consent page and its error page', () => {
  let t: HardeningApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/cb');
    t = await startHardeningApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  interface Seen {
    note: number;
    images: number;
    website: string | null;
    logoRequests: string[];
  }

  /** Signs alice in through the consent page: what the page showed and which logo requests the browser made on the way. */
  const consentSeen = async (clientId: string, clientSecret: string): Promise<Seen> => {
    const seen: Seen = { note: 0, images: 0, website: null, logoRequests: [] };
    await withBrowserContext(browser, async (page: Page) => {
      await page.route('https://logos.example.test/**', (route) => {
        seen.logoRequests.push(route.request().url());
        return route.fulfill({ contentType: 'image/png', body: PNG });
      });
      const config = await discoverClient(t.url, clientId, clientSecret);
      await signInWithBrowser(page, config, redirectUri, {
        params: { scope: 'openid profile', prompt: 'consent' },
        onConsentPage: async (p) => {
          await p.waitForLoadState('load');
          seen.note = await p.getByRole('note').filter({ hasText: 'Unverified application' }).count();
          seen.images = await p.locator('img').count();
          seen.website = await p.getByRole('link', { name: 'client.example.test' }).getAttribute('href');
        },
      });
    });
    return seen;
  };

  it('says "Unverified application" and loads no logo_uri; once approved, shows the logo without the note', async () => {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Your Bank',
        redirect_uris: [redirectUri],
        logo_uri: LOGO,
        client_uri: 'https://client.example.test/',
        scope: 'openid profile',
      }),
    });
    expect(res.status).toBe(201);
    const { client_id, client_secret } = (await res.json()) as { client_id: string; client_secret: string };

    const unverified = await consentSeen(client_id, client_secret);
    expect(unverified).toEqual({ note: 1, images: 0, logoRequests: [], website: 'https://client.example.test/' });

    expect((await adminFetch(t, 'PUT', `/admin/clients/${client_id}/approval`)).status).toBe(200);
    const approved = await consentSeen(client_id, client_secret);
    // The login page's logo, then the consent page's.
    expect(approved).toEqual({
      note: 0,
      images: 1,
      logoRequests: [LOGO, LOGO],
      website: 'https://client.example.test/',
    });
  });

  it('leaves an error for it on a page that moves nowhere until the user presses Continue to evil.example', async () => {
    const evil = 'https://evil.example/landing';
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Lure', redirect_uris: [evil] }),
    });
    const { client_id } = (await res.json()) as { client_id: string };
    await withBrowserContext(browser, async (page) => {
      const reached: string[] = [];
      await page.route('https://evil.example/**', (route) => {
        reached.push(route.request().url());
        return route.fulfill({ body: 'evil' });
      });
      const url = `${t.url}/oauth2/authorize?${new URLSearchParams({
        client_id,
        redirect_uri: evil,
        response_type: 'code',
        scope: 'nonexistent',
      })}`;
      await page.goto(url);
      await page.waitForTimeout(1000);
      expect(page.url()).toBe(url);
      expect(reached).toEqual([]);
      await expect(page.getByTestId('destination-host').textContent()).resolves.toBe('evil.example');
      await page.getByRole('link', { name: 'Continue to evil.example' }).click();
      await page.waitForURL((u) => u.host === 'evil.example');
      expect(new URL(reached[0]).searchParams.get('error')).toBe('invalid_scope');
    });
  });
});
