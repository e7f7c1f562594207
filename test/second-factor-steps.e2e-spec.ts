import type { Request } from 'express';
import hbs from 'hbs';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import type { SecondFactorMethod, SecondFactorResult } from '../src/factors/second-factor/second-factor-method';
import { SecondFactorMethods } from '../src/factors/second-factor/second-factor-methods';
import { RolesService } from '../src/users/access/roles.service';
import { AccountSettingsService } from '../src/users/settings/account-settings.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { CookieJar } from './support/cookie-jar';
import { DeviceUser } from './support/device-user';
import { postForm } from './support/introspection-requests';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

/**
 * A second factor as a module adds one (the real ones: src/factors/totp, passkeys): enrolled
 * per user in memory, proved by typing `secret`, drawn by a partial registered here.
 */
class FakeFactor implements SecondFactorMethod {
  readonly enrolled = new Set<string>();

  constructor(
    readonly name: string,
    readonly reaches: string,
    private readonly secret: string,
    private readonly amr: string[],
  ) {
    hbs.registerPartial(
      `second-factor/${name}`,
      `<form method="post" action="{{action}}"><input type="hidden" name="csrf" value="{{csrf}}">
       <input type="hidden" name="method" value="${name}"><label for="${name}-code">${name} code</label>
       <input id="${name}-code" name="code"><button type="submit">Use ${name}</button></form>`,
    );
  }

  isEnrolled(userId: string): Promise<boolean> {
    return Promise.resolve(this.enrolled.has(userId));
  }

  pageData(): Promise<Record<string, unknown>> {
    return Promise.resolve({});
  }

  verify(req: Request): Promise<SecondFactorResult> {
    const code = (req.body as Record<string, unknown>).code;
    return Promise.resolve(
      code === this.secret
        ? { ok: true, amr: this.amr }
        : { ok: false, message: 'That code is not right. Try again.', status: 400 },
    );
  }

  removeAll(userId: string): Promise<number> {
    return Promise.resolve(this.enrolled.delete(userId) ? 1 : 0);
  }
}

describe('second factors in every sign-in (the second-factor steps)', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let config: oidc.Configuration;
  let strictConfig: oidc.Configuration;
  const code = new FakeFactor('code', '2', '246810', ['otp']);
  const key = new FakeFactor('key', '3', 'touch', ['hwk', 'user']);
  const ids: Record<string, string> = {};

  const answer = (factor: string, secret: string) => async (step: string, page: Page) => {
    expect(step).toBe('second-factor');
    await page.getByLabel(`${factor} code`).fill(secret);
    await page.getByRole('button', { name: `Use ${factor}` }).click();
  };

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    const methods = t.app.get(SecondFactorMethods);
    methods.register(code);
    methods.register(key);
    const users = t.app.get(UsersService);
    for (const name of ['ivy', 'oak', 'elm', 'ash', 'fir'])
      ids[name] = (await users.create({ username: name, password: PASSWORD })).id;
    // A console administrator: `admin` in the user's own roles.
    ids.yew = (await users.create({ username: 'yew', password: PASSWORD, roles: ['admin'] })).id;
    const clients = t.app.get(ClientsService);
    const plain = await clients.create({
      clientName: 'Plain RP',
      redirectUris: [redirectUri],
      allowedScopes: ['openid', 'profile'],
      consentPolicy: 'skip',
    });
    config = await discoverClient(t.url, plain.client.clientId, plain.clientSecret ?? undefined);
    const strict = await clients.create({
      clientName: 'Strict RP',
      redirectUris: [redirectUri],
      allowedScopes: ['openid', 'profile'],
      consentPolicy: 'skip',
    });
    await t.dataSource.query(`UPDATE clients SET require_mfa = true WHERE client_id = $1`, [strict.client.clientId]);
    strictConfig = await discoverClient(t.url, strict.client.clientId, strict.clientSecret ?? undefined);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  const sessionOf = async (userId: string) =>
    (
      (await t.dataSource.query(
        `SELECT id, amr, auth_time FROM sessions WHERE user_id = $1 AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1`,
        [userId],
      )) as { id: string; amr: string[]; auth_time: Date }[]
    )[0];

  it('asks a user who has a factor for it after the password, refuses a wrong one, and puts it in amr and acr', async () => {
    code.enrolled.add(ids.ivy);
    await withBrowserContext(browser, async (page) => {
      let refusal: string | null = null;
      const run = await signInWithBrowser(page, config, redirectUri, {
        login: 'ivy',
        params: { acr_values: '2' },
        onStep: async (step, p) => {
          await answer('code', '000000')(step, p);
          await p.waitForLoadState();
          refusal = await p.locator('#second-factor-error').textContent();
          await answer('code', '246810')(step, p);
        },
      });
      expect(refusal).toBe('That code is not right. Try again.');
      expect(run.pages).toEqual(['login', 'second-factor']);
      const claims = (await redeem(config, run)).claims()!;
      expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
      expect(claims.acr).toBe('2');
    });
  });

  it('steps a signed-in session up in place for a higher acr: same sid and auth_time, only the methods that reach it offered', async () => {
    code.enrolled.add(ids.oak);
    key.enrolled.add(ids.oak);
    await withBrowserContext(browser, async (page) => {
      const first = await signInWithBrowser(page, config, redirectUri, {
        login: 'oak',
        onStep: answer('code', '246810'),
      });
      const before = (await redeem(config, first)).claims()!;
      expect(before.amr).toEqual(expect.arrayContaining(['otp', 'mfa']));
      const session = await sessionOf(ids.oak);

      let offered: string[] = [];
      const stepped = await signInWithBrowser(page, config, redirectUri, {
        params: { claims: JSON.stringify({ id_token: { acr: { essential: true, value: '3' } } }) },
        onStep: async (step, p) => {
          offered = await p.locator('section.second-factor').evaluateAll((s) => s.map((e) => e.id));
          await answer('key', 'touch')(step, p);
        },
      });
      expect(stepped.pages).toEqual(['second-factor']);
      expect(offered).toEqual(['second-factor-key']);
      const after = (await redeem(config, stepped)).claims()!;
      expect(after.acr).toBe('3');
      expect(after.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'hwk', 'mfa']));
      expect(after.sid).toBe(before.sid);
      expect(after.auth_time).toBe(before.auth_time);
      expect((await sessionOf(ids.oak)).id).toBe(session.id);
    });
  });

  it('asks for the password and the factor again with prompt=login and an exceeded max_age', async () => {
    await withBrowserContext(browser, async (page) => {
      await signInWithBrowser(page, config, redirectUri, { login: 'oak', onStep: answer('code', '246810') });
      const reauthentications: Record<string, string>[] = [{ prompt: 'login' }, { max_age: '0' }];
      for (const params of reauthentications) {
        const again = await signInWithBrowser(page, config, redirectUri, {
          login: 'oak',
          params,
          onStep: answer('code', '246810'),
        });
        expect(again.pages).toEqual(['login', 'second-factor']);
        expect((await redeem(config, again)).claims()!.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
      }
    });
  });

  it('answers prompt=none that cannot reach an essential acr without a page with unmet_authentication_requirements', async () => {
    await withBrowserContext(browser, async (page) => {
      await signInWithBrowser(page, config, redirectUri, { login: 'oak', onStep: answer('code', '246810') });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid',
        state: 'silent',
        prompt: 'none',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        claims: JSON.stringify({ id_token: { acr: { essential: true, value: '3' } } }),
      });
      const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
      await page.goto(url.href);
      expect(Object.fromEntries(new URL((await callback).url()).searchParams)).toMatchObject({
        error: 'unmet_authentication_requirements',
        state: 'silent',
      });
    });
  });

  it('meets a voluntary acr the user cannot reach with what they have, and asks nothing of a user without factors', async () => {
    await withBrowserContext(browser, async (page) => {
      const run = await signInWithBrowser(page, config, redirectUri, { login: 'elm', params: { acr_values: '3 2' } });
      expect(run.pages).toEqual(['login']);
      expect((await redeem(config, run)).claims()!.acr).toBe('1');
    });
  });

  it('takes a user without a factor through setting one up when the client requires it (require_mfa)', async () => {
    await withBrowserContext(browser, async (page) => {
      const run = await signInWithBrowser(page, strictConfig, redirectUri, {
        login: 'elm',
        onStep: async (step, p) => {
          if (step === 'second-factor-setup') {
            const link = await p.locator('#setup-link').getAttribute('href');
            expect(link).toMatch(/^\/account\/security\?return_to=%2Finteraction%2F[^%]+%2Fsecond-factor-setup$/);
            await p.getByRole('button', { name: 'Continue' }).click();
            await p.waitForLoadState();
            expect(await p.locator('#setup-error').textContent()).toBe('Set up a second factor first, then continue.');
            // What the Sign-in methods page does, done here: the user sets the code factor up.
            code.enrolled.add(ids.elm);
            await p.getByRole('button', { name: 'Continue' }).click();
          } else {
            await answer('code', '246810')(step, p);
          }
        },
      });
      expect(run.pages).toEqual(['login', 'second-factor-setup', 'second-factor']);
      expect((await redeem(strictConfig, run)).claims()!.amr).toEqual(expect.arrayContaining(['otp', 'mfa']));
    });
    code.enrolled.delete(ids.elm);
  });

  it('asks holders of the admin role (granted, or their own as console administrators) for a second factor when mfa_required is admins, and nobody else', async () => {
    const settings = t.app.get(AccountSettingsService);
    const roles = t.app.get(RolesService);
    const admin = await roles.create({ name: 'admin' });
    await roles.grant(admin.id, { userId: ids.ash });
    await settings.update({ mfaRequired: 'admins' });
    try {
      for (const login of ['ash', 'yew'])
        await withBrowserContext(browser, async (page) => {
          const url = oidc.buildAuthorizationUrl(config, {
            redirect_uri: redirectUri,
            scope: 'openid',
            code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
            code_challenge_method: 'S256',
          });
          await page.goto(url.href);
          await page.getByLabel('Username or email').fill(login);
          await page.getByLabel('Password').fill(PASSWORD);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.waitForURL(/\/second-factor-setup$/);
          expect(await page.locator('h1').textContent()).toBe('Set up a second factor');
        });
      await withBrowserContext(browser, async (page) => {
        const run = await signInWithBrowser(page, config, redirectUri, { login: 'fir' });
        expect(run.pages).toEqual(['login']);
      });
    } finally {
      await settings.update({ mfaRequired: 'off' });
    }
  });

  it('asks for the second factor on the account page too, before anything there can be changed', async () => {
    await withBrowserContext(browser, async (page) => {
      await page.goto(`${t.url}/account`);
      await page.getByLabel('Username or email').fill('ivy');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Confirm it is you');
      // The Sign-in methods page, asked for meanwhile, is where the second factor leads.
      await page.goto(`${t.url}/account/security`);
      expect(await page.locator('h1').textContent()).toBe('Confirm it is you');
      const profile = await page.request.post(`${t.url}/account/profile`, {
        form: { name: 'Mallory' },
        maxRedirects: 0,
      });
      expect(profile.status()).toBeGreaterThanOrEqual(300);
      expect((await t.app.get(UsersService).findById(ids.ivy))!.name ?? null).toBeNull();

      await page.getByLabel('code code').fill('135');
      await page.getByRole('button', { name: 'Use code' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#second-factor-error').textContent()).toBe('That code is not right. Try again.');
      await page.getByLabel('code code').fill('246810');
      await page.getByRole('button', { name: 'Use code' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Sign-in methods');
      expect((await sessionOf(ids.ivy)).amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    });
  });

  /**
   * The attack: one browser, one interaction. The attacker signs in as themself and proves their
   * own factor, then signs in to the same interaction with a victim's stolen password. The
   * victim's factor must still be asked: a step done by one session never counts for another.
   */
  describe('a second factor proved by another account in the same interaction', () => {
    const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const interactionPage = async (jar: CookieJar, url: string) => {
      const res = await jar.fetch(url);
      expect(res.status).toBe(200);
      return csrfOf(await res.text());
    };

    beforeAll(() => {
      // The attacker (oak) and the victim (elm) both have the factor.
      code.enrolled.add(ids.oak);
      code.enrolled.add(ids.elm);
    });

    it('in an authorization request: the victim is asked for their own factor', async () => {
      const jar = new CookieJar();
      // prompt=consent leaves a page after the factor, so the interaction is still open.
      const start = oidc.buildAuthorizationUrl(strictConfig, {
        redirect_uri: redirectUri,
        scope: 'openid',
        prompt: 'consent',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const login = new URL((await jar.fetch(start.href)).headers.get('location')!, t.url).href;
      expect(login).toMatch(/\/interaction\/[^/]+\/login$/);
      const stepUrl = login.replace(/login$/, 'second-factor');

      const asAttacker = await jar.post(login, {
        csrf: await interactionPage(jar, login),
        login: 'oak',
        password: PASSWORD,
      });
      expect(asAttacker.headers.get('location')).toBe(stepUrl);
      const proved = await jar.post(stepUrl, {
        csrf: await interactionPage(jar, stepUrl),
        method: 'code',
        code: '246810',
      });
      expect(proved.headers.get('location')).toMatch(/\/consent$/);

      const asVictim = await jar.post(login, {
        csrf: await interactionPage(jar, login),
        login: 'elm',
        password: PASSWORD,
      });
      expect(asVictim.status).toBe(303);
      expect(asVictim.headers.get('location')).toBe(stepUrl);
      // Nor can the consent page be answered without it.
      const consent = await jar.fetch(login.replace(/login$/, 'consent'));
      expect(consent.status).toBe(303);
      expect(consent.headers.get('location')).toBe(stepUrl);
    });

    it('in the device flow: the victim is asked for their own factor before the consent page', async () => {
      const { client } = await t.app.get(ClientsService).create({
        clientName: 'TV app',
        redirectUris: [],
        grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
        tokenEndpointAuthMethod: 'none',
        allowedScopes: ['openid'],
        consentPolicy: 'skip',
      });
      const started = await postForm(t, '/oauth2/device_authorization', {
        client_id: client.clientId,
        scope: 'openid',
      });
      expect(started.status).toBe(200);
      const person = new DeviceUser(t, PASSWORD);
      expect((await person.enterCode(String(started.body.user_code))).location).toMatch(/\/login$/);
      expect((await person.signIn('oak')).location).toMatch(/\/second-factor$/);
      const stepUrl = `${t.url}/oauth2/device/second-factor`;
      const proved = await person.jar.post(stepUrl, {
        csrf: await interactionPage(person.jar, stepUrl),
        method: 'code',
        code: '246810',
      });
      expect(proved.headers.get('location')).toMatch(/\/consent$/);

      const asVictim = await person.signIn('elm');
      expect(asVictim.location).toMatch(/\/second-factor$/);
      const consent = await person.consentPage();
      expect(consent.status).toBe(303);
      expect(consent.location).toMatch(/\/second-factor$/);
    });
  });
});
