import { CookieJar } from '../support/cookie-jar';
import { DeviceUser } from '../support/device-user';
import { startTestApp, type TestApp } from '../support/test-app';
import { databaseFingerprint } from './support/database-fingerprint';
import {
  ADMIN_TOKEN,
  authorizationParams,
  csrfField,
  openConsentForm,
  openDeviceForm,
  openLoginForm,
  openLogoutConfirmation,
  PASSWORD,
  startHardeningApp,
  USERNAME,
  type HardeningApp,
} from './support/hardening-app';

/** A Content-Security-Policy header as directive → sources. */
function policyOf(res: Response): Record<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Clickjacking and script injection: no page may be framed, and no inline script runs without a nonce. */
function expectPageLockedDown(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  const policy = policyOf(res);
  expect(policy['frame-ancestors']).toEqual(["'none'"]);
  const scripts = policy['script-src'] ?? policy['default-src'];
  expect(scripts).toBeDefined();
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain('*');
}

const deviceCode = async (t: HardeningApp) => {
  const res = await fetch(`${t.url}/oauth2/device_authorization`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: t.device.clientId, scope: 'openid' }).toString(),
  });
  return (await res.json()) as { user_code: string; device_code: string };
};

describe('forms and pages', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t?.close());

  describe('every form needs its CSRF token: 403 without, and nothing changes', () => {
    /** Posts the form without its token, then with another browser's; neither may change anything. */
    const expectRefusedWithoutToken = async (
      post: (csrf: string | undefined) => Promise<Response>,
      otherToken: string,
    ) => {
      const before = await databaseFingerprint(t.dataSource);
      for (const csrf of [undefined, '', otherToken, 'x'.repeat(43)]) {
        const res = await post(csrf);
        expect(res.status).toBe(403);
        expect(res.headers.get('location')).toBeNull();
        expect(res.headers.getSetCookie().filter((c) => c.startsWith('oidc_session='))).toEqual([]);
      }
      expect(await databaseFingerprint(t.dataSource)).toEqual(before);
    };
    const withToken = (form: Record<string, string>, field: string, csrf: string | undefined) =>
      csrf === undefined ? form : { ...form, [field]: csrf };

    it('the login form', async () => {
      const { jar, url } = await openLoginForm(t);
      const other = await openLoginForm(t);
      await expectRefusedWithoutToken(
        (csrf) => jar.post(url, withToken({ login: USERNAME, password: PASSWORD }, 'csrf', csrf)),
        other.csrf,
      );
    });

    it('the consent form', async () => {
      const { jar, url } = await openConsentForm(t);
      const other = await openConsentForm(t);
      await expectRefusedWithoutToken(
        (csrf) => jar.post(url, withToken({ decision: 'allow' }, 'csrf', csrf)),
        other.csrf,
      );
    });

    it('the logout confirmation', async () => {
      const { jar, url, fields } = await openLogoutConfirmation(t);
      const other = await openLogoutConfirmation(t);
      await expectRefusedWithoutToken(
        (csrf) => jar.post(url, withToken({ decision: 'yes', ...fields }, 'csrf', csrf)),
        other.csrf,
      );
      // Still signed in: the confirmation is asked again.
      const again = await jar.fetch(`${t.url}/oauth2/logout?client_id=${t.web.clientId}`);
      expect(again.status).toBe(200);
      expect(await again.text()).toContain('Sign out of');
    });

    it('the device code entry, sign-in and consent forms', async () => {
      const { user_code } = await deviceCode(t);
      const other = await openDeviceForm(t);
      const person = new DeviceUser(t, PASSWORD);
      await expectRefusedWithoutToken(async (csrf) => {
        const page = await person.enterCode(user_code, csrf ?? '');
        return new Response(page.html, { status: page.status, headers: page.headers });
      }, other.csrf);

      const entered = await person.enterCode(user_code);
      expect(entered.location).toMatch(/\/oauth2\/device\/login$/);
      await expectRefusedWithoutToken(
        (csrf) =>
          person.jar.post(
            `${t.url}/oauth2/device/login`,
            withToken({ login: USERNAME, password: PASSWORD }, 'csrf', csrf),
          ),
        other.csrf,
      );
      expect((await person.signIn(USERNAME)).location).toMatch(/\/oauth2\/device\/consent$/);
      await expectRefusedWithoutToken(
        (csrf) => person.jar.post(`${t.url}/oauth2/device/consent`, withToken({ decision: 'allow' }, 'csrf', csrf)),
        other.csrf,
      );
    });
  });

  describe('every HTML page refuses framing and inline script', () => {
    it('the login, consent, logout, signed-out and error pages', async () => {
      const login = await openLoginForm(t);
      expectPageLockedDown(await login.jar.fetch(login.url));
      const consent = await openConsentForm(t);
      expectPageLockedDown(await consent.jar.fetch(consent.url));
      // Without post_logout_redirect_uri both answers are pages of this server.
      const logout = await openLogoutConfirmation(t, { client_id: t.web.clientId });
      expectPageLockedDown(await logout.jar.fetch(`${t.url}/oauth2/logout?client_id=${t.web.clientId}`));
      const stay = await logout.jar.post(logout.url, { csrf: logout.csrf, decision: 'no', ...logout.fields });
      expectPageLockedDown(stay);
      expect(await stay.text()).toContain('You are still signed in');
      const leave = await openLogoutConfirmation(t, { client_id: t.web.clientId });
      const left = await leave.jar.post(leave.url, { csrf: leave.csrf, decision: 'yes', ...leave.fields });
      expectPageLockedDown(left);
      expect(await left.text()).toContain('You are signed out');
      expectPageLockedDown(
        await fetch(`${t.url}/oauth2/authorize?client_id=nobody`, { headers: { accept: 'text/html' } }),
      );
      expectPageLockedDown(await fetch(`${t.url}/interaction/nothing/login`, { headers: { accept: 'text/html' } }));
    });

    it('the device pages', async () => {
      const { user_code } = await deviceCode(t);
      const person = new DeviceUser(t, PASSWORD);
      expectPageLockedDown(await person.jar.fetch(`${t.url}/oauth2/device?user_code=${user_code}`));
      await person.enterCode(user_code);
      expectPageLockedDown(await person.jar.fetch(`${t.url}/oauth2/device/login`));
      await person.signIn(USERNAME);
      expectPageLockedDown(await person.jar.fetch(`${t.url}/oauth2/device/consent`));
      const result = await person.answer('allow');
      expect(result.html).toContain('Device connected');
      expectPageLockedDown(new Response(result.html, { status: result.status, headers: result.headers }));
    });

    it('the API documentation', async () => {
      expectPageLockedDown(await fetch(`${t.url}/admin/docs`));
    });

    it('the form_post response runs only its own script, by a nonce used once', async () => {
      const nonces: string[] = [];
      for (let i = 0; i < 2; i++) {
        // A signed-in browser; its next request, in form_post mode, goes straight to consent.
        const { jar } = await openConsentForm(t);
        const started = await jar.fetch(
          `${t.url}/oauth2/authorize?${new URLSearchParams(authorizationParams(t, { response_mode: 'form_post' }))}`,
        );
        const consentUrl = started.headers.get('location')!;
        const csrf = csrfField(await (await jar.fetch(consentUrl)).text(), 'csrf')!;
        const res = await jar.post(consentUrl, { csrf, decision: 'allow' });
        expect(res.status).toBe(200);
        expectPageLockedDown(res);
        const nonce = /'nonce-([^']+)'/.exec(policyOf(res)['script-src'].join(' '))?.[1];
        expect(nonce).toMatch(/^[A-Za-z0-9_-]{22,}$/);
        const html = await res.text();
        expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([`<script nonce="${nonce}">`]);
        nonces.push(nonce!);
      }
      expect(nonces[0]).not.toBe(nonces[1]);
    });
  });

  describe('the admin console', () => {
    /** The POST routes Express holds under `prefix`, with their parameters filled in. */
    const postRoutes = (prefix: string): string[] => {
      const express = t.app.getHttpAdapter().getInstance() as {
        router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
      };
      return express.router.stack.flatMap(({ route }) =>
        route?.methods.post && route.path.startsWith(prefix) ? [route.path.replace(/:[^/]+/g, 'unknown')] : [],
      );
    };

    it('refuses every form post without its CSRF token, and its pages cannot be framed', async () => {
      const jar = new CookieJar();
      const signInPage = await jar.fetch(`${t.url}/admin/console/sign-in`);
      expectPageLockedDown(signInPage);
      const csrf = csrfField(await signInPage.text(), '_csrf')!;
      expect((await jar.post(`${t.url}/admin/console/sign-in`, { token: ADMIN_TOKEN })).status).toBe(403);
      expect((await jar.post(`${t.url}/admin/console/sign-in`, { token: ADMIN_TOKEN, _csrf: csrf })).status).toBe(303);
      expectPageLockedDown(await jar.fetch(`${t.url}/admin/console`));

      const forms = postRoutes('/admin/console/');
      expect(forms.length).toBeGreaterThan(5);
      const before = await databaseFingerprint(t.dataSource);
      for (const path of forms) {
        const res = await jar.post(`${t.url}${path}`, { name: 'x', decision: 'yes', confirm: 'yes' });
        expect([path, res.status]).toEqual([path, 403]);
      }
      expect(await databaseFingerprint(t.dataSource)).toEqual(before);
    });
  });

  describe('first-run setup', () => {
    let fresh: TestApp;
    beforeAll(async () => {
      fresh = await startTestApp();
    });
    afterAll(() => fresh?.close());

    it('needs its CSRF token and sends no page that can be framed or run injected script', async () => {
      const jar = new CookieJar();
      const page = await jar.fetch(`${fresh.url}/setup`);
      expectPageLockedDown(page);
      const csrf = csrfField(await page.text(), '_csrf')!;
      const forged: Record<string, string>[] = [{}, { _csrf: '' }, { _csrf: `${csrf.slice(0, -2)}xx` }];
      for (const form of forged) {
        expect((await jar.post(`${fresh.url}/setup`, form)).status).toBe(403);
        expect((await new CookieJar().post(`${fresh.url}/setup`, { _csrf: csrf })).status).toBe(403);
      }
      expect(await fresh.dataSource.query('SELECT id FROM admin_credentials')).toEqual([]);
      const done = await jar.post(`${fresh.url}/setup`, { _csrf: csrf });
      expect(done.status).toBe(200);
      expectPageLockedDown(done);
    });
  });
});

describe('cookies behind a TLS-terminating proxy (an https ISSUER, TRUST_PROXY=true)', () => {
  let t: HardeningApp;
  let local: string;
  /** A browser whose requests came through the ingress: the scheme it used is in X-Forwarded-Proto. */
  class ForwardedJar extends CookieJar {
    override fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      headers.set('x-forwarded-proto', 'https');
      return super.fetch(url.replace(t.url, local), { ...init, headers });
    }
  }

  beforeAll(async () => {
    t = await startHardeningApp({ ISSUER: 'https://id.example.test', TRUST_PROXY: 'true' });
    local = `http://127.0.0.1:${t.config.port}`;
  });
  afterAll(() => t?.close());

  it('sets every cookie of a sign-in and of the device pages httpOnly, SameSite and Secure', async () => {
    const set: string[] = [];
    const jar = new ForwardedJar();
    const original = jar.fetch.bind(jar);
    jar.fetch = async (url, init) => {
      const res = await original(url, init);
      set.push(...res.headers.getSetCookie());
      return res;
    };
    expect((await openConsentForm(t, jar)).csrf).toBeDefined();
    await openDeviceForm(t, jar);
    const names = new Set(set.map((c) => c.slice(0, c.indexOf('='))));
    expect([...names]).toEqual(expect.arrayContaining(['__Host-oidc_session', '__Host-oidc_csrf']));
    for (const cookie of set) {
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
      expect(cookie).toMatch(/;\s*Secure/i);
    }
  });
});
