import * as oidc from 'openid-client';
import type { Browser, Page, Request as BrowserRequest } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { SigningKeyService } from '../src/keys/signing-key.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import {
  discoverClient,
  PASSWORD,
  redeem,
  signInWithBrowser,
  withBrowserContext,
  type SignInOptions,
} from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, TestApp } from './support/test-app';

// Each flow signs in through several pages before logging out: seconds apiece on a loaded machine.
jest.setTimeout(30_000);

/** What an RP holds after signing in: its tokens and the ID token's claims. */
interface SignedIn {
  idToken: string;
  accessToken: string;
  sid: string;
}

describe('RP-initiated logout in a browser, with openid-client as the RP', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let loggedOutUri: string;
  let aliceId: string;
  /** revokeTokensOnLogout true (the default) and false. */
  let revoking: oidc.Configuration;
  let keeping: oidc.Configuration;

  const makeClient = async (clientName: string, revokeTokensOnLogout?: boolean) => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [loggedOutUri],
      allowedScopes: ['openid', 'profile', 'email'],
      consentPolicy: 'skip',
      revokeTokensOnLogout,
    });
    return discoverClient(t.url, client.clientId, clientSecret);
  };

  const signIn = (page: Page, config: oidc.Configuration, options?: SignInOptions) =>
    signInWithBrowser(page, config, redirectUri, options);

  const signedIn = async (page: Page, config: oidc.Configuration = revoking): Promise<SignedIn> => {
    const tokens = await redeem(config, await signIn(page, config));
    return { idToken: tokens.id_token!, accessToken: tokens.access_token, sid: tokens.claims()!.sid as string };
  };

  const withBrowser = (test: (page: Page) => Promise<void>) => withBrowserContext(browser, test);

  const endedAt = async (sid: string): Promise<Date | null> =>
    (await t.dataSource.query('SELECT ended_at FROM sessions WHERE id = $1', [sid]))[0].ended_at;

  /** Whether the browser is still signed in, as an RP finds out: a silent authorization request. */
  const silentSignIn = async (page: Page, config: oidc.Configuration = revoking) => {
    try {
      await redeem(config, await signIn(page, config, { params: { prompt: 'none' } }));
      return 'signed in';
    } catch (error) {
      return (error as { error?: string }).error;
    }
  };

  const userinfoStatus = async (accessToken: string) =>
    (await fetch(`${t.url}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

  const logoutUrl = (params: Record<string, string>) => `${t.url}/oauth2/logout?${new URLSearchParams(params)}`;

  /** Asserts the browser shows the error page for `message`, with no redirect. */
  const expectErrorPage = async (page: Page, url: string, message: RegExp) => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(400);
    expect(response?.request().redirectedFrom()).toBeNull();
    expect(page.url()).toBe(url);
    // The reason is in the technical details folded under the explanation for people.
    const detail = await page.locator('details.technical dd.description').textContent();
    expect(detail?.trim()).toMatch(message);
    // Said as a sign-out that did not happen, not as a sign-in link.
    expect(await page.locator('h1').textContent()).toBe('This sign-out link is not valid');
  };

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    loggedOutUri = rp.url('/logged-out');
    t = await startTestApp();
    browser = await launchBrowser();
    aliceId = (await t.app.get(UsersService).create({ username: 'alice', password: PASSWORD })).id;
    revoking = await makeClient('Revoking RP');
    keeping = await makeClient('Keeping RP', false);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('is advertised as the end_session_endpoint', () => {
    expect(revoking.serverMetadata().end_session_endpoint).toBe(`${t.url}/oauth2/logout`);
  });

  it('ends the session at once for a valid id_token_hint and sends the browser back with state', async () => {
    await withBrowser(async (page) => {
      const { idToken, sid } = await signedIn(page);
      const url = oidc.buildEndSessionUrl(revoking, {
        id_token_hint: idToken,
        post_logout_redirect_uri: loggedOutUri,
        state: 'af0ifjsldkj',
      });
      const response = await page.goto(url.href);
      expect(page.url()).toBe(`${loggedOutUri}?state=af0ifjsldkj`);
      const logout = await response!.request().redirectedFrom()!.response();
      expect(logout?.status()).toBe(303);
      expect(logout?.headers()['cache-control']).toBe('no-store');
      expect(await endedAt(sid)).toBeInstanceOf(Date);
      expect(await silentSignIn(page)).toBe('login_required');
    });
  });

  it('accepts an expired id_token_hint', async () => {
    await withBrowser(async (page) => {
      const { sid } = await signedIn(page);
      const clientId = revoking.clientMetadata().client_id;
      const past = Math.floor(Date.now() / 1000) - 7200;
      const expired = await t.app
        .get(SigningKeyService)
        .sign({ sub: aliceId, aud: clientId, azp: clientId, sid, iat: past, exp: past + 600 });
      await page.goto(
        oidc.buildEndSessionUrl(revoking, { id_token_hint: expired, post_logout_redirect_uri: loggedOutUri }).href,
      );
      expect(page.url()).toBe(loggedOutUri);
      expect(await endedAt(sid)).toBeInstanceOf(Date);
    });
  });

  it('asks first without id_token_hint; Yes ends the session and shows the signed-out page', async () => {
    await withBrowser(async (page) => {
      const { sid } = await signedIn(page);
      const response = await page.goto(oidc.buildEndSessionUrl(revoking).href);
      expect(response?.headers()['cache-control']).toBe('no-store');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        `Sign out of ${new URL(t.url).host}?`,
      );
      await expect(page.getByText('Revoking RP').isVisible()).resolves.toBe(true);
      expect(await endedAt(sid)).toBeNull();

      const [answered] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/logout/confirm')),
        page.getByRole('button', { name: 'Yes, sign out' }).click(),
      ]);
      // A page, not a created resource.
      expect(answered.status()).toBe(200);
      await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
      expect(await endedAt(sid)).toBeInstanceOf(Date);
      expect(await silentSignIn(page)).toBe('login_required');
    });
  });

  it('keeps the session when the user answers No, and still returns to the RP with state', async () => {
    await withBrowser(async (page) => {
      const { sid } = await signedIn(page);
      await page.goto(oidc.buildEndSessionUrl(revoking, { post_logout_redirect_uri: loggedOutUri, state: 'xyz' }).href);
      await page.getByRole('button', { name: 'No, stay signed in' }).click();
      await page.waitForURL(`${loggedOutUri}?state=xyz`);
      expect(await endedAt(sid)).toBeNull();
      expect(await silentSignIn(page)).toBe('signed in');

      await page.goto(oidc.buildEndSessionUrl(revoking).href);
      await page.getByRole('button', { name: 'No, stay signed in' }).click();
      await page.getByRole('heading', { name: 'You are still signed in' }).waitFor();
      expect(await endedAt(sid)).toBeNull();
    });
  });

  it('asks first when the id_token_hint belongs to another session', async () => {
    let otherIdToken = '';
    await withBrowser(async (page) => {
      otherIdToken = (await signedIn(page)).idToken;
    });
    await withBrowser(async (page) => {
      const { sid } = await signedIn(page);
      await page.goto(
        oidc.buildEndSessionUrl(revoking, { id_token_hint: otherIdToken, post_logout_redirect_uri: loggedOutUri }).href,
      );
      await page.getByRole('button', { name: 'Yes, sign out' }).waitFor();
      expect(await endedAt(sid)).toBeNull();
      await page.getByRole('button', { name: 'Yes, sign out' }).click();
      await page.waitForURL(loggedOutUri);
      expect(await endedAt(sid)).toBeInstanceOf(Date);
    });
  });

  it('refuses the confirmation without its CSRF token (403) and keeps the session', async () => {
    await withBrowser(async (page) => {
      const { sid } = await signedIn(page);
      await page.goto(oidc.buildEndSessionUrl(revoking).href);
      const confirm = `${t.url}/oauth2/logout/confirm`;
      const forms: Record<string, string>[] = [{ decision: 'yes' }, { decision: 'yes', csrf: 'forged' }];
      for (const form of forms) {
        const response = await page.request.post(confirm, { form, maxRedirects: 0 });
        expect(response.status()).toBe(403);
      }
      expect(await endedAt(sid)).toBeNull();
      expect(await silentSignIn(page)).toBe('signed in');
    });
  });

  it('keeps the pending logout as an interaction of the engine, answered once and never after it expired', async () => {
    await withBrowser(async (page) => {
      const { sid } = await signedIn(page);
      const clientId = revoking.clientMetadata().client_id;
      /** The confirmation page's form, for posting the answer by hand (a replay, a late answer). */
      const openConfirmation = async (params: Record<string, string> = {}) => {
        await page.goto(oidc.buildEndSessionUrl(revoking, params).href);
        const field = (name: string) => page.locator(`form input[name="${name}"]`).getAttribute('value');
        return { interaction: (await field('interaction'))!, csrf: (await field('csrf'))! };
      };
      const answer = (form: Record<string, string>) =>
        page.request.post(`${t.url}/oauth2/logout/confirm`, { form, maxRedirects: 0 });
      const pendingRows = (id: string) =>
        t.dataSource.query(
          `SELECT kind, client_id, session_id, params, extract(epoch FROM expires_at - created_at) AS ttl
           FROM interactions WHERE id = $1`,
          [id],
        );

      const first = await openConfirmation({ post_logout_redirect_uri: loggedOutUri, state: 'once', ui_locales: 'de' });
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
      await expect(page.getByRole('button', { name: 'Ja, abmelden' }).isVisible()).resolves.toBe(true);
      const [stored] = await pendingRows(first.interaction);
      expect(stored).toMatchObject({ kind: 'logout', client_id: clientId, session_id: sid });
      expect(stored.params).toEqual({ clientId, postLogoutRedirectUri: loggedOutUri, state: 'once', uiLocales: 'de' });
      expect(Math.round(Number(stored.ttl))).toBe(30 * 60);

      const stay = await answer({ ...first, decision: 'no' });
      expect(stay.status()).toBe(303);
      expect(stay.headers().location).toBe(`${loggedOutUri}?state=once`);
      expect(await pendingRows(first.interaction)).toEqual([]);
      // The same form again, now answered Yes: the question was already answered.
      const replayed = await answer({ ...first, decision: 'yes' });
      expect(replayed.status()).toBe(400);
      expect(await replayed.text()).toContain('This sign-out request has expired or was already answered.');
      expect(await endedAt(sid)).toBeNull();

      const late = await openConfirmation();
      await t.dataSource.query(`UPDATE interactions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        late.interaction,
      ]);
      const expired = await answer({ ...late, decision: 'yes' });
      expect(expired.status()).toBe(400);
      expect(await expired.text()).toContain('This sign-out request has expired or was already answered.');
      expect(await endedAt(sid)).toBeNull();
      expect(await silentSignIn(page)).toBe('signed in');

      // Another browser's pending logout, even with its own token, is not this browser's to answer.
      const elsewhere = await openConfirmation();
      await page.context().clearCookies({ name: 'oidc_interaction' });
      expect((await answer({ ...elsewhere, decision: 'yes' })).status()).toBe(400);
      expect(await endedAt(sid)).toBeNull();
    });
  });

  it('shows an error page, never a redirect, for a post_logout_redirect_uri not registered exactly', async () => {
    await withBrowser(async (page) => {
      const { idToken, sid } = await signedIn(page);
      const clientId = revoking.clientMetadata().client_id;
      for (const uri of [rp.url('/elsewhere'), `${loggedOutUri}/`, `${loggedOutUri}?x=1`, loggedOutUri.toUpperCase()]) {
        await expectErrorPage(
          page,
          oidc.buildEndSessionUrl(revoking, { id_token_hint: idToken, post_logout_redirect_uri: uri }).href,
          /not registered/,
        );
      }
      await expectErrorPage(page, logoutUrl({ post_logout_redirect_uri: loggedOutUri }), /which application/);
      await expectErrorPage(
        page,
        logoutUrl({ client_id: keeping.clientMetadata().client_id, id_token_hint: idToken }),
        /client_id/,
      );
      await expectErrorPage(page, logoutUrl({ client_id: clientId, id_token_hint: 'not.a.jwt' }), /id_token_hint/);
      const forged = `${idToken.slice(0, idToken.lastIndexOf('.'))}.${'A'.repeat(342)}`;
      await expectErrorPage(page, logoutUrl({ id_token_hint: forged }), /not signed by this server/);
      await expectErrorPage(page, `${logoutUrl({ client_id: clientId })}&state=a&state=b`, /more than once.*: state$/);
      expect(await endedAt(sid)).toBeNull();
    });
  });

  it("revokes the session's tokens of clients whose policy says so, and keeps the others'", async () => {
    await withBrowser(async (page) => {
      const atRevoking = await signedIn(page, revoking);
      const atKeeping = await signedIn(page, keeping);
      expect(atKeeping.sid).toBe(atRevoking.sid);
      expect(await userinfoStatus(atRevoking.accessToken)).toBe(200);

      await page.goto(oidc.buildEndSessionUrl(keeping, { id_token_hint: atKeeping.idToken }).href);
      await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
      expect(await userinfoStatus(atRevoking.accessToken)).toBe(401);
      expect(await userinfoStatus(atKeeping.accessToken)).toBe(200);
    });
  });

  it('ends the session for a logout form posted from the RP site (spec §2), via a GET that carries the cookie', async () => {
    await withBrowser(async (page) => {
      const { idToken, sid } = await signedIn(page);
      // Another site: the browser does not send the SameSite=Lax session cookie with its POST.
      await page.route('http://rp.example/**', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<form method="post" action="${t.url}/oauth2/logout">
            <input type="hidden" name="id_token_hint" value="${idToken}">
            <input type="hidden" name="post_logout_redirect_uri" value="${loggedOutUri}">
            <input type="hidden" name="state" value="posted">
            <button>Log out</button></form>`,
        }),
      );
      const sent: BrowserRequest[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith(`${t.url}/oauth2/logout`)) sent.push(r);
      });
      await page.goto('http://rp.example/app');
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(`${loggedOutUri}?state=posted`);
      const withSessionCookie = async (r: BrowserRequest) =>
        `${r.method()} ${/oidc_session=/.test((await r.allHeaders()).cookie ?? '') ? 'with' : 'without'} cookie`;
      expect(await Promise.all(sent.map(withSessionCookie))).toEqual(['POST without cookie', 'GET with cookie']);
      expect(await endedAt(sid)).toBeInstanceOf(Date);
    });
  });
});
