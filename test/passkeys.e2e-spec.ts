import * as oidc from 'openid-client';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { AdminUserFactorsService } from '../src/admin/users/admin-user-factors.service';
import { ClientsService } from '../src/clients/clients.service';
import { freePort } from '../src/database/embedded-postgres';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD } from './support/browser-sign-in';
import { postForm } from './support/introspection-requests';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

/** A credential as Chrome's virtual authenticator reports it (WebAuthn.getCredentials). */
interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/** A browser context with Chrome's virtual authenticator: a platform authenticator that verifies the user. */
class PasskeyBrowser {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly authenticatorId: string,
  ) {}

  static async open(browser: Browser, presence = true): Promise<PasskeyBrowser> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: presence,
      },
    });
    return new PasskeyBrowser(context, page, cdp, authenticatorId);
  }

  async credentials(): Promise<VirtualCredential[]> {
    return (await this.cdp.send('WebAuthn.getCredentials', { authenticatorId: this.authenticatorId }))
      .credentials as VirtualCredential[];
  }

  /** The same passkey in this browser's authenticator (a copy of another's). */
  async add(credential: VirtualCredential): Promise<void> {
    await this.cdp.send('WebAuthn.addCredential', { authenticatorId: this.authenticatorId, credential });
  }

  async verifiesUser(verified: boolean): Promise<void> {
    await this.cdp.send('WebAuthn.setUserVerified', {
      authenticatorId: this.authenticatorId,
      isUserVerified: verified,
    });
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** base64 (as CDP reports credential ids) to base64url (as WebAuthn and the passkeys table have them). */
const base64url = (base64: string) => Buffer.from(base64, 'base64').toString('base64url');

describe('passkeys (WebAuthn), in Chromium with a virtual authenticator', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let client: oidc.Configuration;
  let tvClientId: string;
  let aliceId: string;
  let bobId: string;
  let carolId: string;

  const rows = (sql: string, params: unknown[]) =>
    t.dataSource.query(sql, params) as Promise<Record<string, unknown>[]>;
  const passkeysOf = (userId: string) =>
    rows(
      'SELECT id, credential_id, name, sign_count, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at',
      [userId],
    );
  const auditOf = (type: string, userId: string) =>
    rows('SELECT details FROM audit_events WHERE type = $1 AND subject = $2 ORDER BY id', [type, userId]);

  beforeAll(async () => {
    // WebAuthn needs a domain for its RP ID (an IP address is none): the issuer is on localhost.
    const port = await freePort();
    [t, browser, rp] = await Promise.all([
      startTestApp({ PORT: String(port), ISSUER: `http://localhost:${port}` }),
      launchBrowser(),
      startRelyingParty(),
    ]);
    const users = t.app.get(UsersService);
    aliceId = (await users.create({ username: 'alice', password: PASSWORD })).id;
    bobId = (await users.create({ username: 'bob', password: PASSWORD })).id;
    carolId = (await users.create({ username: 'carol', password: PASSWORD })).id;
    await users.create({ username: 'root', password: PASSWORD, roles: ['admin'] });
    const { client: registered, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Shop',
      redirectUris: [rp.url('/callback')],
      allowedScopes: ['openid', 'profile'],
      consentPolicy: 'skip',
    });
    client = await discoverClient(t.url, registered.clientId, clientSecret);
    tvClientId = (
      await t.app.get(ClientsService).create({
        clientName: 'TV app',
        redirectUris: [],
        grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
        tokenEndpointAuthMethod: 'none',
        allowedScopes: ['openid'],
        consentPolicy: 'skip',
      })
    ).client.clientId;
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await t?.close();
  });

  /** Signs in with a password on the account page and opens Sign-in methods. */
  async function openSecurityPage(page: Page, login: string) {
    await page.goto(`${t.url}/account`);
    await page.getByLabel('Username or email').fill(login);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${t.url}/account`);
    await page.goto(`${t.url}/account/security`);
  }

  async function addPasskey(page: Page, name: string) {
    await page.getByLabel('Name of the new passkey').fill(name);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/\/account\/security\?saved=passkeys/);
  }

  /** A browser holding a copy of `user`'s passkey, made on the Sign-in methods page of another browser. */
  async function browserWithPasskeyOf(login: string, presence = true): Promise<PasskeyBrowser> {
    const maker = await PasskeyBrowser.open(browser);
    try {
      await openSecurityPage(maker.page, login);
      await addPasskey(maker.page, `${login}'s laptop`);
      const [credential] = await maker.credentials();
      const holder = await PasskeyBrowser.open(browser, presence);
      await holder.add(credential);
      return holder;
    } finally {
      await maker.close();
    }
  }

  /** An authorization request from the RP; resolves with the callback URL the browser reached. */
  async function authorize(page: Page, params: Record<string, string> = {}) {
    const checks = { expectedState: oidc.randomState(), expectedNonce: oidc.randomNonce() };
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: rp.url('/callback'),
      scope: 'openid',
      state: checks.expectedState,
      nonce: checks.expectedNonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...params,
    });
    await page.goto(url.href);
    return {
      redeem: async () => {
        await page.waitForURL((u) => u.href.startsWith(rp.url('/callback')));
        return oidc.authorizationCodeGrant(client, new URL(page.url()), { ...checks, pkceCodeVerifier: verifier });
      },
    };
  }

  /**
   * The login page offers passkeys in its autofill at once, and the virtual authenticator answers
   * at once: to press the button instead, each page's first (autofill) request for options fails,
   * and the button is pressed once it has.
   */
  async function withoutAutofill(page: Page): Promise<(options?: { userVerification?: string }) => Promise<void>> {
    let allow = false;
    let tamper: { userVerification?: string } = {};
    let autofillRefused = () => {};
    let refused = Promise.resolve();
    const nextPage = () => (refused = new Promise<void>((ok) => (autofillRefused = ok)));
    nextPage();
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) nextPage();
    });
    await page.route('**/passkeys/sign-in/options', async (route) => {
      if (allow) {
        allow = false;
        if (!tamper.userVerification) return route.continue();
        // As a page could ask: the server's own check must still refuse the answer.
        const response = await route.fetch();
        return route.fulfill({ response, json: { ...(await response.json()), ...tamper } });
      }
      autofillRefused();
      return route.abort();
    });
    return async (options: { userVerification?: string } = {}) => {
      await refused;
      allow = true;
      tamper = options;
      const posted = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Continue with a passkey' }).click();
      await posted;
      await page.waitForLoadState();
    };
  }

  it('registers a passkey on the Sign-in methods page, which steps the session up, then renames and removes it', async () => {
    const alice = await PasskeyBrowser.open(browser);
    try {
      await openSecurityPage(alice.page, 'alice');
      expect(await alice.page.locator('#no-passkeys').isVisible()).toBe(true);
      await addPasskey(alice.page, 'Work laptop');

      const [credential] = await alice.credentials();
      expect(credential.isResidentCredential).toBe(true);
      const [row] = await passkeysOf(aliceId);
      expect(row).toMatchObject({ credential_id: base64url(credential.credentialId), name: 'Work laptop' });
      expect(await alice.page.locator('#passkeys .passkey-name').allTextContents()).toEqual(['Work laptop']);
      expect(await auditOf('account.factor_enrolled', aliceId)).toEqual([
        { details: { method: 'passkey', passkey: row.id, name: 'Work laptop' } },
      ]);
      // The first passkey: the session now carries it, as if it had been used to sign in.
      const [session] = await rows(
        'SELECT amr FROM sessions WHERE user_id = $1 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1',
        [aliceId],
      );
      expect(session.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);

      await alice.page
        .locator(`[data-passkey="${String(row.id)}"]`)
        .getByLabel('Name')
        .fill('  Home laptop ');
      await alice.page.getByRole('button', { name: 'Rename' }).click();
      await alice.page.waitForURL(/saved=passkeys/);
      expect((await passkeysOf(aliceId))[0].name).toBe('Home laptop');
      expect(await alice.page.locator('#passkeys .passkey-name').allTextContents()).toEqual(['Home laptop']);

      const csrf = await alice.page.locator('#passkey-add [name=_csrf]').inputValue();
      const tooLong = await alice.page.request.post(`${t.url}/account/security/passkeys/${String(row.id)}/rename`, {
        form: { _csrf: csrf, name: 'x'.repeat(65) },
        maxRedirects: 0,
      });
      expect(tooLong.status()).toBe(303);
      await alice.page.goto(tooLong.headers().location);
      expect(await alice.page.locator('#passkeys-problem').textContent()).toBe(
        'Give the passkey a name of at most 64 characters.',
      );

      await alice.page.getByRole('button', { name: 'Remove' }).click();
      await alice.page.waitForURL(/saved=passkeys/);
      expect(await passkeysOf(aliceId)).toEqual([]);
      expect(await auditOf('account.factor_removed', aliceId)).toEqual([
        { details: { method: 'passkey', passkey: row.id, name: 'Home laptop' } },
      ]);
      expect(await alice.page.locator('#no-passkeys').isVisible()).toBe(true);
    } finally {
      await alice.close();
      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [aliceId]);
    }
  });

  it('refuses a registration whose challenge was answered already, and one without the CSRF token', async () => {
    const alice = await PasskeyBrowser.open(browser);
    try {
      await openSecurityPage(alice.page, 'alice');
      // Keep the browser's answer, let the page post it, then post it again.
      let posted = '';
      await alice.page.route('**/account/security/passkeys/register', async (route) => {
        posted = route.request().postData() ?? '';
        await route.continue();
      });
      await addPasskey(alice.page, 'Once');
      const before = await passkeysOf(aliceId);
      const replay = await alice.page.request.post(`${t.url}/account/security/passkeys/register`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        data: posted,
        maxRedirects: 0,
      });
      expect(replay.status()).toBe(303);
      expect(replay.headers().location).toContain('problem=passkey-challenge');
      const noCsrf = new URLSearchParams(posted);
      noCsrf.delete('_csrf');
      const forged = await alice.page.request.post(`${t.url}/account/security/passkeys/register`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        data: noCsrf.toString(),
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      expect(await passkeysOf(aliceId)).toEqual(before);
    } finally {
      await alice.close();
      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [aliceId]);
    }
  });

  it('signs in through an authorization request with the passkey offered in the username autofill (conditional mediation)', async () => {
    const holder = await browserWithPasskeyOf('alice');
    try {
      // No field typed, no button pressed: the autofill's passkey answers and the form is posted.
      const run = await authorize(holder.page, { acr_values: '3' });
      const tokens = await run.redeem();
      const claims = tokens.claims()!;
      expect(claims.sub).toBe(aliceId);
      expect(claims.amr).toEqual(['hwk', 'user', 'mfa']);
      expect(claims.acr).toBe('3');
      const [used] = await passkeysOf(aliceId);
      expect(used.last_used_at).not.toBeNull();
      expect(Number(used.sign_count)).toBeGreaterThan(0);
    } finally {
      await holder.close();
      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [aliceId]);
    }
  });

  it('signs in with the "Continue with a passkey" button, on the authorization endpoint and on the account page', async () => {
    const holder = await browserWithPasskeyOf('bob');
    try {
      const press = await withoutAutofill(holder.page);
      const run = await authorize(holder.page);
      await holder.page.waitForURL(/\/interaction\/[^/]+\/login$/);
      await press();
      const claims = (await run.redeem()).claims()!;
      expect(claims.sub).toBe(bobId);
      expect(claims.amr).toEqual(['hwk', 'user', 'mfa']);

      await holder.context.clearCookies();
      await holder.page.goto(`${t.url}/account`);
      await press();
      expect(await holder.page.locator('h1').textContent()).toBe('Your account');
      const [session] = await rows(
        'SELECT amr FROM sessions WHERE user_id = $1 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1',
        [bobId],
      );
      expect(session.amr).toEqual(['hwk', 'user', 'mfa']);
    } finally {
      await holder.close();
      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [bobId]);
    }
  });

  it('signs in on the device verification pages (RFC 8628) with the same login page', async () => {
    const holder = await browserWithPasskeyOf('alice');
    try {
      const started = await postForm(t, '/oauth2/device_authorization', { client_id: tvClientId, scope: 'openid' });
      expect(started.status).toBe(200);
      await holder.page.goto(started.body.verification_uri_complete as string);
      await holder.page.getByRole('button', { name: 'Continue', exact: true }).click();
      // The login page's autofill answers: the consent page comes without a password typed.
      await holder.page.waitForURL(`${t.url}/oauth2/device/consent`);
      await holder.page.getByRole('button', { name: 'Allow' }).click();
      await holder.page.getByRole('heading', { name: 'Device connected' }).waitFor();
      const [code] = await rows('SELECT user_id, amr FROM device_codes WHERE client_id = $1', [tvClientId]);
      expect(code).toEqual({ user_id: aliceId, amr: ['hwk', 'user', 'mfa'] });
    } finally {
      await holder.close();
      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [aliceId]);
    }
  });

  it("signs an admin in to the console's account sign-in page, and no one else", async () => {
    const admin = await browserWithPasskeyOf('root');
    const user = await browserWithPasskeyOf('bob');
    try {
      await admin.page.goto(`${t.url}/admin/console/sign-in/account?switch=1`);
      await admin.page.waitForURL(`${t.url}/admin/console`);
      await user.page.goto(`${t.url}/admin/console/sign-in/account?switch=1`);
      await user.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    } finally {
      await admin.close();
      await user.close();
      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [bobId]);
    }
  });

  it('is the second factor after a password, reaching acr 3', async () => {
    const holder = await browserWithPasskeyOf('alice');
    const page = holder.page;
    try {
      await withoutAutofill(page);
      const run = await authorize(page, { acr_values: '3' });
      await page.getByLabel('Username or email').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/interaction\/[^/]+\/second-factor$/);
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      const claims = (await run.redeem()).claims()!;
      expect(claims.sub).toBe(aliceId);
      expect(claims.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
      expect(claims.acr).toBe('3');
    } finally {
      await holder.close();
      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [aliceId]);
    }
  });

  it('is set up during a sign-in that insists on acr 3, which then goes on where it was', async () => {
    const carol = await PasskeyBrowser.open(browser);
    const page = carol.page;
    try {
      const run = await authorize(page, {
        claims: JSON.stringify({ id_token: { acr: { essential: true, value: '3' } } }),
      });
      await page.getByLabel('Username or email').fill('carol');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(/\/interaction\/[^/]+\/second-factor-setup$/);
      await page.getByRole('link', { name: 'Set up a second factor' }).click();
      await page.waitForURL(/\/account\/security\?return_to=/);
      expect(await page.locator('#enrolment-needed').isVisible()).toBe(true);
      await page.getByLabel('Name of the new passkey').fill('Phone');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      // Back to the step it came from, which has nothing left to ask: on to the client.
      const claims = (await run.redeem()).claims()!;
      expect(claims).toMatchObject({ sub: carolId, acr: '3', amr: ['pwd', 'hwk', 'user', 'mfa'] });
      expect(await passkeysOf(carolId)).toHaveLength(1);
    } finally {
      await carol.close();
    }
  });

  it("is listed and removed by an administrator's reset of the user's factors", async () => {
    const holder = await browserWithPasskeyOf('bob');
    try {
      const factors = t.app.get(AdminUserFactorsService);
      expect(await factors.list(bobId)).toEqual({ factors: ['passkey'] });
      const reset = await factors.reset(bobId, { actor: 'admin:test', ip: null, requestId: null });
      expect(reset.removed).toMatchObject({ passkey: 1 });
      expect(await passkeysOf(bobId)).toEqual([]);
    } finally {
      await holder.close();
    }
  });

  it('refuses, on the login page, a passkey removed from the account, one whose user is disabled, and one that did not verify the user', async () => {
    const holder = await browserWithPasskeyOf('bob');
    const page = holder.page;
    const refusal = async () => {
      expect(await page.locator('h1').textContent()).toBe('Sign in');
      return page.locator('#login-error').textContent();
    };
    try {
      const press = await withoutAutofill(page);
      await page.goto(`${t.url}/account`);

      await press({ userVerification: 'discouraged' });
      expect(await refusal()).toBe(
        'Your passkey did not check that it is you (no PIN, fingerprint or face). Sign in another way.',
      );

      await t.app.get(UsersService).setDisabled(bobId, true);
      await press();
      expect(await refusal()).toBe('This account is disabled.');
      await t.app.get(UsersService).setDisabled(bobId, false);

      await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [bobId]);
      await press();
      expect(await refusal()).toBe(
        'This passkey is not registered here: it may have been removed. Sign in another way.',
      );
      const refusals = await rows(
        `SELECT details->>'reason' AS reason FROM audit_events WHERE type = 'security.login_failed' AND details->>'method' = 'passkey' ORDER BY id`,
        [],
      );
      expect(refusals.map((r) => r.reason)).toEqual(['user-not-verified', 'disabled', 'unknown-credential']);
    } finally {
      await holder.close();
    }
  });
});
