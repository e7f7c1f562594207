import type { Browser } from 'playwright-core';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * RFC 9700 §2.1.1: public clients must use PKCE; a confidential OpenID client may rely on the
 * nonce instead. Certified RPs that register themselves without PKCE (mod_auth_openidc's default,
 * the OpenID conformance suite's dynamic plans) must be able to sign in.
 */
describe('PKCE for dynamically registered clients', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;

  const register = async (metadata: Record<string, unknown>) => {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [rp.url('/cb')], ...metadata }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { client_id: string; client_secret?: string };
  };

  beforeAll(async () => {
    [t, browser, rp] = await Promise.all([startTestApp(), launchBrowser(), startRelyingParty()]);
    await t.app.get(UsersService).create({ username: 'alice', email: 'alice@example.com', password: PASSWORD });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('lets a confidential client registered with its defaults sign in with a nonce and no PKCE', async () => {
    const { client_id, client_secret } = await register({});
    const config = await discoverClient(t.url, client_id, client_secret);
    await withBrowserContext(browser, async (page) => {
      const run = await signInWithBrowser(page, config, rp.url('/cb'), { pkce: false });
      expect(new URL(run.callback.url).searchParams.get('code')).toBeTruthy();
      const tokens = await redeem(config, run);
      expect(tokens.claims()?.nonce).toBe(run.checks.expectedNonce);
    });
  });

  it('still enforces PKCE when a confidential client sends it', async () => {
    const { client_id, client_secret } = await register({});
    const config = await discoverClient(t.url, client_id, client_secret);
    await withBrowserContext(browser, async (page) => {
      const run = await signInWithBrowser(page, config, rp.url('/cb'));
      await expect(
        redeem(config, { ...run, checks: { ...run.checks, pkceCodeVerifier: 'x'.repeat(43) } }),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
    });
  });

  it('requires PKCE of a public client', async () => {
    const { client_id } = await register({ token_endpoint_auth_method: 'none' });
    const url = `${t.url}/oauth2/authorize?${new URLSearchParams({
      client_id,
      redirect_uri: rp.url('/cb'),
      response_type: 'code',
      scope: 'openid',
      state: 'abc',
      nonce: 'n-0S6_WzA2Mj',
    })}`;
    // An unapproved registered client's errors go through a page naming the destination (RFC 9700 §4.11.2).
    const res = await fetch(url, { redirect: 'manual' });
    const link = /href="([^"]+)"[^>]*>Continue to/
      .exec(await res.text())?.[1]
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/&amp;/g, '&');
    const location = new URL(link!);
    expect(location.origin + location.pathname).toBe(rp.url('/cb'));
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/code_challenge is required/);
  });
});
