import * as oidc from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { AdminUserFactorsService } from '../src/admin/users/admin-user-factors.service';
import { ClientsService } from '../src/clients/clients.service';
import { freePort } from '../src/database/embedded-postgres';
import { RecoveryCodes } from '../src/factors/recovery-codes/recovery-codes.service';
import { TotpFactors } from '../src/factors/totp/totp-factors.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD } from './support/browser-sign-in';
import { eventually } from './support/eventually';
import { postForm } from './support/introspection-requests';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
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

/** What an authenticator app shows for `secret` now (or at `at`). */
const totpCode = (secret: string, at = Date.now()) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });

describe('passkeys (WebAuthn), in Chromium with a virtual authenticator', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let client: oidc.Configuration;
  let tvClientId: string;
  let aliceId: string;
  let bobId: string;
  let carolId: string;
  let danaId: string;
  let erinId: string;
  let frankId: string;

  const rows = (sql: string, params: unknown[]) =>
    t.dataSource.query(sql, params) as Promise<Record<string, unknown>[]>;
  const passkeysOf = (userId: string) =>
    rows(
      'SELECT id, credential_id, name, sign_count, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY created_at',
      [userId],
    );
  const auditOf = (type: string, userId: string) =>
    rows('SELECT details FROM audit_events WHERE type = $1 AND subject = $2 ORDER BY id', [type, userId]);
  const recoveryCodesOf = (userId: string) =>
    rows('SELECT code_hash FROM recovery_codes WHERE user_id = $1 ORDER BY code_hash', [userId]);
  /** The account without its passkeys and recovery codes, as before a test. */
  const forgetFactors = async (userId: string) => {
    await t.dataSource.query('DELETE FROM passkeys WHERE user_id = $1', [userId]);
    await t.dataSource.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    await t.dataSource.query('DELETE FROM totp_factors WHERE user_id = $1', [userId]);
  };

  /** Delivers what the outbox holds, until a message to `to` whose subject has `subject` has arrived. */
  async function mailTo(to: string, subject: string) {
    return eventually(async () => {
      await t.app.get(OutboxWorker).drainOnce();
      const found = smtp.received
        .map((r) => r.mail)
        .find((m) => m.to && 'text' in m.to && m.to.text === to && m.subject?.includes(subject));
      expect(found).toBeDefined();
      return found!;
    });
  }

  beforeAll(async () => {
    // WebAuthn needs a domain for its RP ID (an IP address is none): the issuer is on localhost.
    const port = await freePort();
    smtp = await startSmtpServer();
    [t, browser, rp] = await Promise.all([
      startTestApp({
        PORT: String(port),
        ISSUER: `http://localhost:${port}`,
        SMTP_URL: `smtp://mailer:pa55word@127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'id@example.com',
      }),
      launchBrowser(),
      startRelyingParty(),
    ]);
    const users = t.app.get(UsersService);
    aliceId = (await users.create({ username: 'alice', password: PASSWORD })).id;
    bobId = (await users.create({ username: 'bob', password: PASSWORD })).id;
    carolId = (await users.create({ username: 'carol', password: PASSWORD })).id;
    await users.create({ username: 'root', password: PASSWORD, roles: ['admin'] });
    const withEmail = async (username: string) =>
      (await users.create({ username, email: `${username}@example.com`, password: PASSWORD })).id;
    [danaId, erinId, frankId] = [await withEmail('dana'), await withEmail('erin'), await withEmail('frank')];
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
    await smtp?.close();
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

  /** "Add a passkey" with the current password, up to the page that makes it (the authenticator not asked yet). */
  async function provePasskeyAddition(page: Page, name: string, proof = PASSWORD) {
    const form = page.locator('#passkey-add-start');
    await form.getByLabel('Name of the new passkey').fill(name);
    await form.getByLabel('Current password').fill(proof);
    await form.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForLoadState();
  }

  /** Adds a passkey on the Sign-in methods page, through the recovery codes the first factor brings. */
  async function addPasskey(page: Page, name: string) {
    await provePasskeyAddition(page, name);
    await page.getByRole('button', { name: 'Make the passkey' }).click();
    await page.waitForURL(/\/account\/security(\?saved=passkeys|\/passkeys\/register$)/);
    if (await page.locator('#recovery-codes-list').count()) {
      await page.getByRole('link', { name: 'I have saved them' }).click();
      await page.waitForURL(/\/account\/security\?saved=passkeys/);
    }
  }

  /** Removes one of the passkeys listed on the Sign-in methods page, with `proof` in its form. */
  async function removePasskey(page: Page, id: string, proof = PASSWORD) {
    const item = page.locator(`[data-passkey="${id}"]`);
    await item.getByLabel('Current password').fill(proof);
    await item.getByRole('button', { name: 'Remove' }).click();
    await page.waitForLoadState();
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

  it('registers a passkey on the Sign-in methods page, which steps the session up and brings recovery codes, then renames and removes it', async () => {
    const alice = await PasskeyBrowser.open(browser);
    try {
      await openSecurityPage(alice.page, 'alice');
      expect(await alice.page.locator('#no-passkeys').isVisible()).toBe(true);
      await provePasskeyAddition(alice.page, 'Work laptop');
      await alice.page.getByRole('button', { name: 'Make the passkey' }).click();
      await alice.page.waitForURL(/\/account\/security\/passkeys\/register$/);
      // The first factor: recovery codes come with it, shown this once.
      expect(await alice.page.locator('#passkey-saved').textContent()).toBe('Your passkey is added.');
      expect(await alice.page.locator('#recovery-codes-list li').count()).toBe(10);
      expect(await recoveryCodesOf(aliceId)).toHaveLength(10);
      await alice.page.getByRole('link', { name: 'I have saved them' }).click();
      await alice.page.waitForURL(/\/account\/security\?saved=passkeys/);

      const [credential] = await alice.credentials();
      expect(credential.isResidentCredential).toBe(true);
      const [row] = await passkeysOf(aliceId);
      expect(row).toMatchObject({ credential_id: base64url(credential.credentialId), name: 'Work laptop' });
      expect(await alice.page.locator('#passkeys .passkey-name').allTextContents()).toEqual(['Work laptop']);
      expect(await auditOf('account.factor_enrolled', aliceId)).toEqual([
        { details: { method: 'passkey', passkey: row.id, name: 'Work laptop' } },
        { details: { method: 'recovery-code', count: 10 } },
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

      const csrf = await alice.page.locator('#passkey-add-start [name=_csrf]').inputValue();
      const tooLong = await alice.page.request.post(`${t.url}/account/security/passkeys/${String(row.id)}/rename`, {
        form: { _csrf: csrf, name: 'x'.repeat(65) },
        maxRedirects: 0,
      });
      expect(tooLong.status()).toBe(303);
      await alice.page.goto(tooLong.headers().location);
      expect(await alice.page.locator('#passkeys-problem').textContent()).toBe(
        'Give the passkey a name of at most 64 characters.',
      );

      await removePasskey(alice.page, String(row.id));
      await alice.page.waitForURL(/saved=passkeys/);
      expect(await passkeysOf(aliceId)).toEqual([]);
      expect(await auditOf('account.factor_removed', aliceId)).toEqual([
        { details: { method: 'passkey', passkey: row.id, name: 'Home laptop' } },
      ]);
      expect(await alice.page.locator('#no-passkeys').isVisible()).toBe(true);
      // Its last factor gone, the account's recovery codes go too.
      expect(await recoveryCodesOf(aliceId)).toEqual([]);
    } finally {
      await alice.close();
      await forgetFactors(aliceId);
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
      await forgetFactors(aliceId);
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
      await forgetFactors(aliceId);
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
      await forgetFactors(bobId);
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
      await forgetFactors(aliceId);
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
      await forgetFactors(bobId);
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
      await forgetFactors(aliceId);
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
      await provePasskeyAddition(page, 'Phone');
      await page.getByRole('button', { name: 'Make the passkey' }).click();
      // The recovery codes of the first factor, then back to the step it came from, which has
      // nothing left to ask: on to the client.
      await page.getByRole('link', { name: 'Continue signing in' }).click();
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
      expect(await factors.list(bobId)).toEqual({ factors: ['recovery-code', 'passkey'] });
      const reset = await factors.reset(bobId, { actor: 'admin:test', ip: null, requestId: null });
      expect(reset.removed).toMatchObject({ passkey: 1, 'recovery-code': 10 });
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

      await forgetFactors(bobId);
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

  describe('adding and removing a passkey takes the current password, as removing the app does', () => {
    /**
     * What a stolen session can do without the password: make a passkey for whatever options the
     * server hands out with the page (none: options of its own), and post it. The response.
     */
    async function plantPasskey(page: Page) {
      const csrf = await page.locator('#passkeys input[name=_csrf]').first().inputValue();
      const offered = await page.locator('#passkeys [data-options]').count();
      const options = offered ? await page.locator('#passkeys [data-options]').getAttribute('data-options') : null;
      const own = JSON.stringify({
        challenge: Buffer.alloc(38).toString('base64url'),
        rp: { name: 'Planted', id: 'localhost' },
        user: { id: Buffer.from('planted').toString('base64url'), name: 'planted', displayName: 'planted' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required' },
      });
      // In the page, with its own copy of @simplewebauthn/browser.
      const answer = await page.evaluate<string>(
        `SimpleWebAuthnBrowser.startRegistration({ optionsJSON: ${options ?? own} }).then(JSON.stringify)`,
      );
      return page.request.post(`${t.url}/account/security/passkeys/register`, {
        form: { _csrf: csrf, passkey: answer, name: 'Planted' },
        maxRedirects: 0,
      });
    }

    it('asks for the password before a passkey is made: a signed-in session alone gets no challenge, a wrong password a sentence; the owner is mailed', async () => {
      const dana = await PasskeyBrowser.open(browser);
      const page = dana.page;
      try {
        await openSecurityPage(page, 'dana');
        // A stolen session: nothing it can answer, nothing added.
        const planted = await plantPasskey(page);
        expect(planted.status()).toBe(303);
        expect(planted.headers().location).toContain('problem=passkey-challenge');
        expect(await passkeysOf(danaId)).toEqual([]);
        const noProof = await page.request.post(`${t.url}/account/security/passkeys/add`, {
          form: { _csrf: await page.locator('#passkey-add-start [name=_csrf]').inputValue(), name: 'Planted' },
          maxRedirects: 0,
        });
        expect(noProof.status()).toBe(303);
        expect(noProof.headers().location).toContain('problem=passkey-proof');
        const noCsrf = await page.request.post(`${t.url}/account/security/passkeys/add`, {
          form: { name: 'Planted', proof: PASSWORD },
          maxRedirects: 0,
        });
        expect(noCsrf.status()).toBe(403);

        // The page: a wrong password is a sentence there, and the authenticator is not asked.
        const held = (await dana.credentials()).length;
        await provePasskeyAddition(page, 'Work laptop', 'not my password');
        expect(page.url()).toBe(`${t.url}/account/security?problem=passkey-proof#passkeys`);
        expect(await page.locator('#passkeys-problem').textContent()).toBe(
          'Enter your current password or a code from your authenticator app.',
        );
        expect(await dana.credentials()).toHaveLength(held);
        // The empty proof of the stolen session, then the wrong password.
        expect(await auditOf('security.second_factor_failed', danaId)).toEqual([
          { details: { method: 'passkey', to: 'add' } },
          { details: { method: 'passkey', to: 'add' } },
        ]);

        await provePasskeyAddition(page, 'Work laptop');
        expect(await page.locator('h1').textContent()).toBe('Add a passkey');
        await page.getByRole('button', { name: 'Make the passkey' }).click();
        await page.locator('#recovery-codes-list').waitFor();
        expect(await passkeysOf(danaId)).toMatchObject([{ name: 'Work laptop' }]);

        const notice = await mailTo('dana@example.com', 'A passkey was added');
        expect(notice.text).toContain('A passkey named “Work laptop” was just added to your');
        expect(notice.text).toContain(`${t.url}/account/security#passkeys`);
      } finally {
        await dana.close();
        await forgetFactors(danaId);
      }
    });

    /** A passkey row as registration stores it (its key is never used here); its id. */
    async function storedPasskey(userId: string, name: string): Promise<string> {
      const [row] = await rows(
        `INSERT INTO passkeys (user_id, credential_id, public_key, device_type, backed_up, name)
         VALUES ($1, $2, '\\x00', 'singleDevice', false, $3) RETURNING id`,
        [userId, Buffer.from(`${name} of ${userId}`).toString('base64url'), name],
      );
      return String(row.id);
    }

    /** An authenticator app set up a step ago (so the current step is unused); its secret. */
    async function withApp(userId: string): Promise<string> {
      const factors = t.app.get(TotpFactors);
      const { secret } = (await factors.startSetup(userId))!;
      expect(await factors.confirm(userId, totpCode(secret, Date.now() - 30_000))).toBe('confirmed');
      return secret;
    }

    /** Signs in on the account page with the password and a code from the app, then opens Sign-in methods. */
    async function signInWithApp(page: Page, login: string, secret: string) {
      await page.goto(`${t.url}/account`);
      await page.getByLabel('Username or email').fill(login);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByLabel('Code from the app').fill(totpCode(secret));
      await page.getByRole('button', { name: 'Verify the code' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      await page.goto(`${t.url}/account/security`);
    }

    it('asks for the password before a passkey is removed; a wrong one is a sentence on the page; the owner is mailed', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        const secret = await withApp(danaId);
        const id = await storedPasskey(danaId, 'Old phone');
        await signInWithApp(page, 'dana', secret);

        // A stolen session: the form without the password removes nothing; without the CSRF token neither.
        const csrf = await page.locator('#passkeys input[name=_csrf]').first().inputValue();
        const bare = await page.request.post(`${t.url}/account/security/passkeys/${id}/remove`, {
          form: { _csrf: csrf },
          maxRedirects: 0,
        });
        expect(bare.status()).toBe(303);
        expect(bare.headers().location).toContain('problem=passkey-proof');
        const forged = await page.request.post(`${t.url}/account/security/passkeys/${id}/remove`, {
          form: { proof: PASSWORD },
          maxRedirects: 0,
        });
        expect(forged.status()).toBe(403);
        expect(await passkeysOf(danaId)).toHaveLength(1);

        await removePasskey(page, id, 'not my password');
        expect(await page.locator('h1').textContent()).toBe('Sign-in methods');
        expect(await page.locator('#passkeys-problem').textContent()).toBe(
          'Enter your current password or a code from your authenticator app.',
        );
        expect(await passkeysOf(danaId)).toHaveLength(1);
        expect(
          (await auditOf('security.second_factor_failed', danaId)).filter(
            (e) => (e.details as { to?: string }).to === 'remove',
          ),
        ).toHaveLength(2);

        await removePasskey(page, id);
        expect(page.url()).toBe(`${t.url}/account/security?saved=passkeys#passkeys`);
        expect(await passkeysOf(danaId)).toEqual([]);
        const notice = await mailTo('dana@example.com', 'A passkey was removed');
        expect(notice.text).toContain('The passkey named “Old phone” was just removed from your');
      } finally {
        await context.close();
        await forgetFactors(danaId);
      }
    });

    it('takes the recovery codes away with the last factor, so the app set up again comes with new ones', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        // Erin has an app, its recovery codes, and a passkey.
        const secret = await withApp(erinId);
        const oldCodes = await t.app.get(RecoveryCodes).replace(erinId);
        const id = await storedPasskey(erinId, 'Laptop');
        await signInWithApp(page, 'erin', secret);

        // The app goes (the passkey is left: the codes stay), then the passkey, her last factor.
        await page.getByLabel('Current password, or a code from the app').fill(PASSWORD);
        await page.getByRole('button', { name: 'Remove the authenticator app' }).click();
        await page.waitForLoadState();
        expect(await recoveryCodesOf(erinId)).toHaveLength(10);
        const removed = await page.request.post(`${t.url}/account/security/passkeys/${id}/remove`, {
          form: { _csrf: await page.locator('#passkeys input[name=_csrf]').first().inputValue(), proof: PASSWORD },
          maxRedirects: 0,
        });
        expect(removed.headers().location).toContain('saved=passkeys');
        expect(await passkeysOf(erinId)).toEqual([]);
        expect(await recoveryCodesOf(erinId)).toEqual([]);

        // Set up again, the app brings a new set, and no code of the old one works.
        await page.goto(`${t.url}/account/security`);
        await page.locator('#totp-setup-proof').fill(PASSWORD);
        await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
        await page.waitForLoadState();
        const again = (await page.locator('#totp-secret').textContent())!.replace(/\s/g, '');
        await page.getByLabel('Code from the app').fill(totpCode(again));
        await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
        await page.waitForLoadState();
        expect(await page.locator('h1').textContent()).toBe('Your recovery codes');
        const shown = (await page.locator('#recovery-codes-list li').allTextContents()).map((c) => c.trim());
        expect(shown).toHaveLength(10);
        expect(shown.filter((c) => oldCodes.includes(c))).toEqual([]);
        expect(await t.app.get(RecoveryCodes).consume(erinId, oldCodes[0].replace(/-/g, ''))).toBe('unknown');
      } finally {
        await context.close();
        await forgetFactors(erinId);
      }
    });

    it('names the passkeys, which a new password leaves in place, in the notice of a password change and of a reset', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const newPassword = 'violet kettle under the bridge';
      const today = new Date().toISOString().slice(0, 10);
      try {
        const secret = await withApp(frankId);
        await storedPasskey(frankId, 'Frank’s phone');
        await signInWithApp(page, 'frank', secret);

        // Changed on the account page.
        await page.goto(`${t.url}/account`);
        await page.getByRole('region', { name: 'Password' }).getByLabel('Current password').fill(PASSWORD);
        await page.getByLabel('New password').fill(newPassword);
        await page.getByLabel('The same again').fill(newPassword);
        await page.getByRole('button', { name: 'Change the password' }).click();
        await page.waitForLoadState();
        const changed = await mailTo('frank@example.com', 'password was changed');
        expect(changed.text).toContain('A new password does not remove passkeys');
        expect(changed.text).toContain(`- Frank’s phone, added ${today}`);
        expect(changed.text).toContain(`${t.url}/account/security#passkeys`);

        // Reset from "Forgot password?": told the same.
        const before = smtp.received.length;
        await page.goto(`${t.url}/account/password/forgot`);
        await page.getByLabel('Username or email').fill('frank');
        await page.getByRole('button', { name: 'Send the link' }).click();
        await page.waitForLoadState();
        const link = /(http:\/\/\S+\/account\/password\/reset\?\S+)/.exec(
          (await mailTo('frank@example.com', 'Choose a new password')).text!,
        )![1];
        await page.goto(link);
        await page.getByLabel('New password').fill(PASSWORD);
        await page.getByLabel('The same again').fill(PASSWORD);
        await page.getByRole('button', { name: 'Change the password' }).click();
        await page.waitForLoadState();
        expect(await page.locator('#reset-done').isVisible()).toBe(true);
        const reset = await eventually(async () => {
          await t.app.get(OutboxWorker).drainOnce();
          const notices = smtp.received.slice(before).filter((r) => r.mail.subject?.includes('password was changed'));
          expect(notices).toHaveLength(1);
          return notices[0].mail;
        });
        expect(reset.text).toContain(`- Frank’s phone, added ${today}`);
        expect(reset.html).toContain(`href="${t.url}/account/security#passkeys"`);
      } finally {
        await context.close();
        await forgetFactors(frankId);
      }
    });
  });
});
