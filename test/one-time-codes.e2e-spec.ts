import type { Request } from 'express';
import type * as oidc from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { sha256Hex } from '../src/common/crypto/sha256';
import { RECOVERY_CODE_MESSAGES, RecoveryCodeMethod } from '../src/factors/recovery-codes/recovery-code.method';
import { RecoveryCodes } from '../src/factors/recovery-codes/recovery-codes.service';
import { SecondFactorMethods } from '../src/factors/second-factor/second-factor-methods';
import { TOO_MANY_CODES } from '../src/factors/totp/code-attempts';
import { TotpFactors } from '../src/factors/totp/totp-factors.service';
import { TOTP_MESSAGES, TotpMethod } from '../src/factors/totp/totp.method';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

const STEP_MS = 30_000;
/** What an authenticator app shows for `secret` at `at`, computed with the same library as the server. */
const codeAt = (secret: string, at = Date.now()) =>
  TOTP.generate({
    secret: Secret.fromBase32(secret.replace(/\s/g, '')),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: at,
  });
/** A code that is none of the three the server accepts now. */
function wrongCode(secret: string): string {
  const valid = [-1, 0, 1].map((step) => codeAt(secret, Date.now() + step * STEP_MS));
  let code = 100_000;
  while (valid.includes(String(code))) code += 1;
  return String(code);
}
/** The second-factor form as the step's page posts it (CSRF already checked by the step). */
const form = (method: string, code: string) =>
  ({ body: { method, code }, ip: '203.0.113.9', signedCookies: {}, get: () => undefined }) as unknown as Request;

describe('one-time codes and recovery codes', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const newUser = async (username: string) =>
    (await t.app.get(UsersService).create({ username, email: `${username}@example.com`, password: PASSWORD })).id;

  /** A user with an app set up a step ago (so the current step is unused) and a set of recovery codes. */
  async function enrolled(username: string) {
    const userId = await newUser(username);
    const factors = t.app.get(TotpFactors);
    const { secret } = (await factors.startSetup(userId))!;
    expect(await factors.confirm(userId, codeAt(secret, Date.now() - STEP_MS))).toBe('confirmed');
    const codes = await t.app.get(RecoveryCodes).replace(userId);
    return { userId, secret, codes };
  }

  async function signIn(page: Page, username: string) {
    await page.goto(`${t.url}/account`);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    await page.goto(`${t.url}/account/security`);
  }

  async function submit(page: Page, button: string) {
    await page.getByRole('button', { name: button }).click();
    await page.waitForLoadState();
  }

  const shownCodes = async (page: Page) =>
    (await page.locator('#recovery-codes-list li').allTextContents()).map((c) => c.trim());
  const storedHashes = async (userId: string) =>
    (
      (await t.dataSource.query('SELECT code_hash FROM recovery_codes WHERE user_id = $1 ORDER BY code_hash', [
        userId,
      ])) as { code_hash: string }[]
    ).map((r) => r.code_hash);
  const hashesOf = (codes: string[]) => codes.map((c) => sha256Hex(c.replace(/-/g, ''))).sort();

  it('sets up an authenticator app from the Sign-in methods page, shows recovery codes once, makes new ones, removes the app', async () => {
    const userId = await newUser('wren');
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'wren');
    expect(await page.locator('h1').textContent()).toBe('Sign-in methods');
    expect(await page.locator('#recovery-codes').textContent()).toContain(
      'Recovery codes are made when you set up a second factor',
    );

    // A session alone cannot start a set-up: it needs the current password.
    await page.locator('#totp-setup-proof').fill('not my password');
    await submit(page, 'Set up an authenticator app');
    expect(await page.locator('#totp-problem').textContent()).toContain(
      'Enter your current password to set up an authenticator app.',
    );
    expect(await t.dataSource.query('SELECT 1 FROM totp_factors WHERE user_id = $1', [userId])).toEqual([]);
    const refused = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE type = 'security.second_factor_failed' AND subject = $1`,
      [userId],
    );
    expect(refused).toEqual([{ details: expect.objectContaining({ method: 'totp', to: 'add' }) }]);
    await page.locator('#totp-setup-proof').fill(PASSWORD);
    await submit(page, 'Set up an authenticator app');
    expect(page.url()).toBe(`${t.url}/account/security#totp`);
    const qr = await page.locator('#totp-qr-code').getAttribute('src');
    expect(qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qr!.split(',')[1], 'base64').toString()).toContain('<svg');
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const [pending] = await t.dataSource.query(
      'SELECT secret_sealed, confirmed_at FROM totp_factors WHERE user_id = $1',
      [userId],
    );
    expect(pending.confirmed_at).toBeNull();
    expect(pending.secret_sealed).toMatch(/^v1\./);
    expect(pending.secret_sealed).not.toContain(secret);
    // Another browser signed in to the same account neither sees this set-up's key nor finishes it.
    const elsewhere = await (await browser.newContext()).newPage();
    await signIn(elsewhere, 'wren');
    expect(await elsewhere.locator('#totp-secret').count()).toBe(0);
    expect(await elsewhere.getByRole('button', { name: 'Set up an authenticator app' }).isVisible()).toBe(true);
    const csrf = await elsewhere.locator('#totp input[name=_csrf]').first().inputValue();
    const finished = await elsewhere.request.post(`${t.url}/account/security/totp/confirm`, {
      form: { _csrf: csrf, code: codeAt(secret) },
      maxRedirects: 0,
    });
    expect(finished.headers().location).toContain('problem=totp-expired');
    expect(
      (await t.dataSource.query('SELECT confirmed_at FROM totp_factors WHERE user_id = $1', [userId]))[0].confirmed_at,
    ).toBeNull();
    // Nor cancels it.
    const cancelled = await elsewhere.request.post(`${t.url}/account/security/totp/cancel`, {
      form: { _csrf: csrf },
      maxRedirects: 0,
    });
    expect(cancelled.status()).toBe(303);
    expect(await t.dataSource.query('SELECT 1 FROM totp_factors WHERE user_id = $1', [userId])).toHaveLength(1);
    await elsewhere.context().close();
    // The page is shown again (a reload) with the same secret until it is confirmed.
    await page.reload();
    expect((await page.locator('#totp-secret').textContent())!.replace(/\s/g, '')).toBe(secret);

    await page.getByLabel('Code from the app').fill(wrongCode(secret));
    await submit(page, 'Turn on the authenticator app');
    expect(await page.locator('#totp-problem').textContent()).toContain('That code is not right.');
    expect(
      (await t.dataSource.query('SELECT confirmed_at FROM totp_factors WHERE user_id = $1', [userId]))[0].confirmed_at,
    ).toBeNull();

    await page.getByLabel('Code from the app').fill(codeAt(secret));
    const answered = page.waitForResponse((r) => r.url().endsWith('/account/security/totp/confirm'));
    await submit(page, 'Turn on the authenticator app');
    // The page of codes is the answer to the form: 200, not 201 (nothing is there to be located).
    expect((await answered).status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Your recovery codes');
    expect(await page.locator('#totp-saved').isVisible()).toBe(true);
    expect(await page.locator('#recovery-codes-replaced').count()).toBe(0);
    const first = await shownCodes(page);
    expect(first).toHaveLength(10);
    for (const code of first) expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    expect(await storedHashes(userId)).toEqual(hashesOf(first));
    const [factor] = await t.dataSource.query(
      'SELECT confirmed_at, last_time_step FROM totp_factors WHERE user_id = $1',
      [userId],
    );
    expect(factor.confirmed_at).not.toBeNull();
    expect(Number(factor.last_time_step)).toBeGreaterThan(0);
    // This browser's session (the first; the other browser's stays at pwd).
    const [session] = await t.dataSource.query(
      'SELECT amr FROM sessions WHERE user_id = $1 AND ended_at IS NULL ORDER BY created_at ASC LIMIT 1',
      [userId],
    );
    expect(session.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    const enrolled = await t.dataSource.query(
      `SELECT details->>'method' AS method FROM audit_events WHERE type = 'account.factor_enrolled' AND subject = $1 ORDER BY id`,
      [userId],
    );
    expect(enrolled.map((e: { method: string }) => e.method)).toEqual(['totp', 'recovery-code']);

    await page.getByRole('link', { name: 'I have saved them' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#totp-saved').textContent()).toContain('Your authenticator app is set up.');
    expect(await page.locator('#totp-status').textContent()).toMatch(/Set up on \d{4}-\d\d-\d\d\./);
    expect(await page.locator('#recovery-codes-remaining').textContent()).toBe('10 of 10 codes left.');

    // A new set replaces the old one whole.
    await submit(page, 'Make new recovery codes');
    const second = await shownCodes(page);
    expect(second).toHaveLength(10);
    expect(await page.locator('#recovery-codes-replaced').textContent()).toBe(
      'Any codes you had before no longer work.',
    );
    expect(second.filter((c) => first.includes(c))).toEqual([]);
    expect(await storedHashes(userId)).toEqual(hashesOf(second));
    await page.getByRole('link', { name: 'I have saved them' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#recovery-codes-remaining').textContent()).toBe('10 of 10 codes left.');

    // Another browser: after the password, the account pages ask for a second factor first,
    // offering both; a wrong code is refused, a recovery code lets the user in once.
    const other = await (await browser.newContext()).newPage();
    await signIn(other, 'wren');
    expect(await other.locator('h1').textContent()).toBe('Confirm it is you');
    expect(await other.locator('section.second-factor').evaluateAll((s) => s.map((e) => e.id))).toEqual([
      'second-factor-totp',
      'second-factor-recovery-code',
    ]);
    expect(await other.getByLabel('Code from the app').getAttribute('autocomplete')).toBe('one-time-code');
    expect(await other.getByLabel('Code from the app').getAttribute('inputmode')).toBe('numeric');
    await other.getByLabel('Code from the app').fill(wrongCode(secret));
    await submit(other, 'Verify the code');
    expect(await other.locator('#second-factor-error').textContent()).toBe(TOTP_MESSAGES.wrong);
    await other.getByLabel('Recovery code', { exact: true }).fill(second[4].toUpperCase());
    await submit(other, 'Use the recovery code');
    expect(await other.locator('h1').textContent()).toBe('Sign-in methods');
    await other.goto(`${t.url}/account/security`);
    expect(await other.locator('#recovery-codes-remaining').textContent()).toBe('9 of 10 codes left.');
    await other.context().close();

    // Removal needs the password (or a code); without a second factor left, the codes go too.
    await page.getByLabel('Current password, or a code from the app').fill('not my password');
    await submit(page, 'Remove the authenticator app');
    expect(await page.locator('#totp-problem').textContent()).toContain('Enter your current password or a code');
    expect(await t.app.get(TotpFactors).isEnrolled(userId)).toBe(true);
    await page.getByLabel('Current password, or a code from the app').fill(PASSWORD);
    await submit(page, 'Remove the authenticator app');
    expect(await page.locator('#totp-saved').textContent()).toContain('The authenticator app is removed.');
    expect(await t.dataSource.query('SELECT 1 FROM totp_factors WHERE user_id = $1', [userId])).toEqual([]);
    expect(await storedHashes(userId)).toEqual([]);
    expect(await page.getByRole('button', { name: 'Set up an authenticator app' }).isVisible()).toBe(true);
    const removed = await t.dataSource.query(
      `SELECT details->>'method' AS method FROM audit_events WHERE type = 'account.factor_removed' AND subject = $1`,
      [userId],
    );
    expect(removed).toEqual([{ method: 'totp' }]);
    await context.close();
  });

  it('refuses the forms without their CSRF token, and sends a signed-out browser to sign in', async () => {
    for (const path of ['totp/setup', 'totp/confirm', 'totp/remove', 'recovery-codes/regenerate'])
      expect([path, (await fetch(`${t.url}/account/security/${path}`, { method: 'POST' })).status]).toEqual([
        path,
        403,
      ]);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.url}/account/security`);
    expect(page.url()).toBe(`${t.url}/account?next=security`);
    await page.context().close();
  });

  describe('the second-factor methods, as the sign-in step calls them', () => {
    /** The user's counter of wrong codes (login_attempts). */
    const counter = async (userId: string) =>
      (
        (await t.dataSource.query(
          `SELECT failures, locked_until IS NOT NULL AND locked_until > now() AS locked FROM login_attempts WHERE key = $1`,
          [`factor:user:${userId}`],
        )) as { failures: number; locked: boolean }[]
      )[0];

    it('accepts a right code once: a wrong, replayed or expired one is refused with its own message', async () => {
      const { userId, secret } = await enrolled('otto');
      const totp = t.app.get(TotpMethod);
      expect(await totp.isEnrolled(userId)).toBe(true);
      const now = codeAt(secret);
      await expect(totp.verify(form('totp', now), userId)).resolves.toEqual({ ok: true, amr: ['otp'] });
      await expect(totp.verify(form('totp', now), userId)).resolves.toEqual({
        ok: false,
        message: TOTP_MESSAGES.replayed,
        status: 401,
      });
      await expect(totp.verify(form('totp', wrongCode(secret)), userId)).resolves.toEqual({
        ok: false,
        message: TOTP_MESSAGES.wrong,
        status: 401,
      });
      // A code from three steps ago is outside the window: wrong, whoever typed it.
      const expired = codeAt(secret, Date.now() - 3 * STEP_MS);
      await expect(totp.verify(form('totp', expired), userId)).resolves.toEqual({
        ok: false,
        message: TOTP_MESSAGES.wrong,
        status: 401,
      });
      const [row] = await t.dataSource.query('SELECT last_used_at FROM totp_factors WHERE user_id = $1', [userId]);
      expect(row.last_used_at).not.toBeNull();
      expect(await counter(userId)).toEqual({ failures: 3, locked: false });
    });

    it('tells which methods each user has enrolled, all asked at once, as each method answers alone', async () => {
      const methods = t.app.get(SecondFactorMethods);
      const names = async (userId: string) => (await methods.enrolledBy(userId)).map((m) => m.name);
      const aloneSay = async (userId: string) => {
        const enrolled = [];
        for (const m of methods.all()) if (await m.isEnrolled(userId)) enrolled.push(m.name);
        return enrolled;
      };
      const withPasskey = async (userId: string) =>
        t.dataSource.query(
          `INSERT INTO passkeys (user_id, credential_id, public_key, device_type, backed_up, name)
           VALUES ($1, $2, '\\x00', 'singleDevice', false, 'key')`,
          [userId, `credential-of-${userId}`],
        );

      const nobody = await newUser('nemo');
      expect(await names(nobody)).toEqual([]);
      expect(await aloneSay(nobody)).toEqual([]);

      // An app whose set-up was never confirmed is not enrolled.
      const pending = await newUser('penny');
      await t.app.get(TotpFactors).startSetup(pending);
      expect(await names(pending)).toEqual([]);
      expect(await aloneSay(pending)).toEqual([]);

      // Recovery codes are a way back in to another factor: alone, they are not offered.
      const codesOnly = await newUser('rex');
      await t.app.get(RecoveryCodes).replace(codesOnly);
      expect(await t.app.get(RecoveryCodeMethod).isEnrolled(codesOnly)).toBe(true);
      expect(await names(codesOnly)).toEqual([]);

      const { userId: app } = await enrolled('abe');
      expect(await names(app)).toEqual(['totp', 'recovery-code']);
      expect(await aloneSay(app)).toEqual(['totp', 'recovery-code']);

      const key = await newUser('kim');
      await withPasskey(key);
      expect(await names(key)).toEqual(['passkey']);
      expect(await aloneSay(key)).toEqual(['passkey']);

      const { userId: both } = await enrolled('bo');
      await withPasskey(both);
      expect((await names(both)).sort()).toEqual(['passkey', 'recovery-code', 'totp']);
      expect(await names(both)).toEqual(await aloneSay(both));
    });

    it('accepts a recovery code once; a used or unknown one is refused with its own message', async () => {
      const { userId, codes } = await enrolled('uma');
      const recovery = t.app.get(RecoveryCodeMethod);
      expect(await recovery.isEnrolled(userId)).toBe(true);
      await expect(recovery.verify(form('recovery-code', codes[3].toUpperCase()), userId)).resolves.toEqual({
        ok: true,
        amr: ['otp'],
      });
      await expect(recovery.verify(form('recovery-code', codes[3]), userId)).resolves.toEqual({
        ok: false,
        message: RECOVERY_CODE_MESSAGES.used,
        status: 401,
      });
      await expect(recovery.verify(form('recovery-code', '0000-0000-0000-0000'), userId)).resolves.toEqual({
        ok: false,
        message: RECOVERY_CODE_MESSAGES.unknown,
        status: 401,
      });
      await expect(recovery.pageData(form('recovery-code', ''), userId)).resolves.toEqual({ remaining: 9 });
      expect(await counter(userId)).toEqual({ failures: 2, locked: false });
      // The user's reset by an administrator: every method removes what it holds.
      expect(await recovery.removeAll(userId)).toBe(9 + 1);
      expect(await t.app.get(TotpMethod).removeAll(userId)).toBe(1);
      expect(await recovery.isEnrolled(userId)).toBe(false);
    });

    it('locks the user’s codes after five wrong ones, a right code then refused with 429 too', async () => {
      const { userId, secret, codes } = await enrolled('pia');
      const totp = t.app.get(TotpMethod);
      for (let i = 0; i < 5; i++)
        await expect(totp.verify(form('totp', wrongCode(secret)), userId)).resolves.toMatchObject({ status: 401 });
      const locked = { ok: false, message: TOO_MANY_CODES, status: 429 };
      await expect(totp.verify(form('totp', codeAt(secret)), userId)).resolves.toEqual(locked);
      await expect(t.app.get(RecoveryCodeMethod).verify(form('recovery-code', codes[0]), userId)).resolves.toEqual(
        locked,
      );
      expect(await counter(userId)).toEqual({ failures: 5, locked: true });
      expect(await t.app.get(RecoveryCodes).remaining(userId)).toBe(10);
    });

    it('checks at most one code past the five allowed when guesses come all at once', async () => {
      const { userId, secret } = await enrolled('quin');
      const totp = t.app.get(TotpMethod);
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => totp.verify(form('totp', wrongCode(secret)), userId)),
      );
      const checked = answers.filter((a) => !a.ok && a.status === 401).length;
      // Before, each guess read the counter before any was counted: about 25 of 100 were checked.
      expect(checked).toBeGreaterThanOrEqual(5);
      expect(checked).toBeLessThanOrEqual(6);
      expect(answers.filter((a) => !a.ok && a.status === 429)).toHaveLength(30 - checked);
      expect((await counter(userId)).locked).toBe(true);
    });
  });
  describe('signing in through an authorization request', () => {
    let rp: RelyingPartyServer;
    let redirectUri: string;
    let config: oidc.Configuration;
    let strictConfig: oidc.Configuration;

    beforeAll(async () => {
      rp = await startRelyingParty();
      redirectUri = rp.url('/callback');
      const clients = t.app.get(ClientsService);
      const client = async (clientName: string) => {
        const made = await clients.create({
          clientName,
          redirectUris: [redirectUri],
          allowedScopes: ['openid', 'profile'],
          consentPolicy: 'skip',
        });
        return {
          id: made.client.clientId,
          config: await discoverClient(t.url, made.client.clientId, made.clientSecret ?? undefined),
        };
      };
      config = (await client('Notes')).config;
      const strict = await client('Payroll');
      await t.dataSource.query(`UPDATE clients SET require_mfa = true WHERE client_id = $1`, [strict.id]);
      strictConfig = strict.config;
    });
    afterAll(() => rp?.close());

    /** Types `code` into the second-factor page's field `label`, sends it, and returns the refusal shown, if any. */
    async function prove(page: Page, label: string, code: string, button: string): Promise<string | null> {
      await page.getByLabel(label, { exact: true }).fill(code);
      const answered = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.getByRole('button', { name: button }).click();
      await answered;
      await page.waitForLoadState();
      return new URL(page.url()).pathname.endsWith('/second-factor')
        ? page.locator('#second-factor-error').textContent()
        : null;
    }

    it('asks for the app’s code after the password, and takes a recovery code instead: each works once, amr otp and mfa', async () => {
      const { userId, secret, codes } = await enrolled('ada');
      const claimsOf = async (run: Awaited<ReturnType<typeof signInWithBrowser>>) =>
        (await redeem(config, run)).claims()!;
      let used = '';
      await withBrowserContext(browser, async (page) => {
        const run = await signInWithBrowser(page, config, redirectUri, {
          login: 'ada',
          params: { acr_values: '2' },
          onStep: async (step, p) => {
            expect(step).toBe('second-factor');
            used = codeAt(secret);
            expect(await prove(p, 'Code from the app', used, 'Verify the code')).toBeNull();
          },
        });
        expect(run.pages).toEqual(['login', 'second-factor']);
        const claims = await claimsOf(run);
        expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
        expect(claims.acr).toBe('2');
      });

      const refusals: (string | null)[] = [];
      await withBrowserContext(browser, async (page) => {
        const run = await signInWithBrowser(page, config, redirectUri, {
          login: 'ada',
          onStep: async (_step, p) => {
            refusals.push(await prove(p, 'Code from the app', used, 'Verify the code'));
            refusals.push(await prove(p, 'Code from the app', wrongCode(secret), 'Verify the code'));
            refusals.push(await prove(p, 'Recovery code', codes[0], 'Use the recovery code'));
          },
        });
        expect(run.pages).toEqual(['login', 'second-factor']);
        expect((await claimsOf(run)).amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
      });
      expect(refusals).toEqual([TOTP_MESSAGES.replayed, TOTP_MESSAGES.wrong, null]);

      refusals.length = 0;
      await withBrowserContext(browser, async (page) => {
        const run = await signInWithBrowser(page, config, redirectUri, {
          login: 'ada',
          onStep: async (_step, p) => {
            refusals.push(await prove(p, 'Recovery code', codes[0], 'Use the recovery code'));
            refusals.push(await prove(p, 'Recovery code', '0000-0000-0000-0000', 'Use the recovery code'));
            refusals.push(await prove(p, 'Recovery code', codes[1], 'Use the recovery code'));
          },
        });
        expect((await claimsOf(run)).amr).toEqual(expect.arrayContaining(['otp', 'mfa']));
      });
      expect(refusals).toEqual([RECOVERY_CODE_MESSAGES.used, RECOVERY_CODE_MESSAGES.unknown, null]);
      expect(await t.app.get(RecoveryCodes).remaining(userId)).toBe(8);
      const failed = await t.dataSource.query(
        `SELECT details->>'method' AS method FROM audit_events WHERE type = 'security.second_factor_failed' AND subject = $1 ORDER BY id`,
        [userId],
      );
      expect(failed.map((e: { method: string }) => e.method)).toEqual([
        'totp',
        'totp',
        'recovery-code',
        'recovery-code',
      ]);
    });

    it('takes a user without a factor through setting up the app when the client requires one, recovery codes shown on the way', async () => {
      const userId = await newUser('bea');
      await withBrowserContext(browser, async (page) => {
        const run = await signInWithBrowser(page, strictConfig, redirectUri, {
          login: 'bea',
          onStep: async (step, p) => {
            expect(step).toBe('second-factor-setup');
            await p.locator('#setup-link').click();
            await p.waitForLoadState();
            expect(await p.locator('#enrolment-needed').isVisible()).toBe(true);
            await p.locator('#totp-setup-proof').fill(PASSWORD);
            await submit(p, 'Set up an authenticator app');
            const secret = (await p.locator('#totp-secret').textContent())!;
            await p.getByLabel('Code from the app').fill(codeAt(secret));
            await submit(p, 'Turn on the authenticator app');
            expect(await shownCodes(p)).toHaveLength(10);
            await p.getByRole('link', { name: 'Continue signing in' }).click();
            await p.waitForURL((u) => u.href.startsWith(redirectUri));
          },
        });
        expect(run.pages).toEqual(['login', 'second-factor-setup']);
        expect((await redeem(strictConfig, run)).claims()!.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
      });
      expect(await t.app.get(TotpFactors).isEnrolled(userId)).toBe(true);
      expect(await t.app.get(RecoveryCodes).remaining(userId)).toBe(10);
    });
  });
});
