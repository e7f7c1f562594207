import { CookieJar } from '../support/cookie-jar';
import {
  ADMIN_TOKEN,
  authorizationParams,
  csrfField,
  openConsentForm,
  openDeviceForm,
  openLoginForm,
  startHardeningApp,
  type HardeningApp,
} from './support/hardening-app';

/**
 * RFC 6265bis §4.1.3.2: on an https issuer every cookie is a __Host- cookie (Secure, Path=/, no
 * Domain), so a sibling subdomain or a plain-http page of the host cannot plant or shadow one.
 * The server under test listens on plain http behind an https ISSUER, as behind a TLS proxy;
 * the jar sends to it what a browser would send to the issuer.
 */
describe('pending sign-ins on an http issuer (development)', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t?.close());

  it('keeps several pending sign-ins of one browser apart, with the bare cookie names', async () => {
    const jar = new CookieJar();
    const first = await openLoginForm(t, jar);
    const second = await openLoginForm(t, jar);
    for (const form of [first, second]) expect((await jar.fetch(form.url)).status).toBe(200);
    expect(jar.get('oidc_interaction')).toBeDefined();
    expect(jar.get('__Host-oidc_interaction')).toBeUndefined();
  });
});

describe('cookies on an https issuer', () => {
  let t: HardeningApp;
  let local: string;
  const set: string[] = [];

  /** A browser at the https issuer, recording every Set-Cookie. */
  class IssuerJar extends CookieJar {
    override async fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const res = await super.fetch(url.replace(t.url, local), init);
      set.push(...res.headers.getSetCookie());
      return res;
    }
  }

  const nameOf = (cookie: string) => cookie.slice(0, cookie.indexOf('='));

  beforeAll(async () => {
    t = await startHardeningApp({ ISSUER: 'https://id.example.test' });
    local = `http://127.0.0.1:${t.config.port}`;
  });
  afterAll(() => t?.close());

  it('sets session, interaction, CSRF, device and console cookies only as __Host- cookies: Secure, Path=/, no Domain', async () => {
    const consent = await openConsentForm(t, new IssuerJar());
    await consent.jar.post(consent.url, { csrf: consent.csrf, decision: 'allow' });
    const device = await openDeviceForm(t, new IssuerJar());
    const code = await fetch(`${local}/oauth2/device_authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: t.device.clientId, scope: 'openid' }),
    });
    const { user_code } = (await code.json()) as { user_code: string };
    expect((await device.jar.post(device.url, { user_code, _csrf: device.csrf })).status).toBe(303);
    const admin = new IssuerJar();
    const signInPage = await (await admin.fetch(`${t.url}/admin/console/sign-in`)).text();
    const signedIn = await admin.post(`${t.url}/admin/console/sign-in`, {
      token: ADMIN_TOKEN,
      _csrf: csrfField(signInPage, '_csrf')!,
    });
    expect(signedIn.status).toBe(303);

    const names = new Set(set.map(nameOf));
    expect([...names]).toEqual(
      expect.arrayContaining([
        '__Host-oidc_session',
        '__Host-oidc_interaction',
        '__Host-oidc_csrf',
        '__Host-oidc_device',
        '__Host-oidc_console',
      ]),
    );
    for (const cookie of set) {
      expect(nameOf(cookie)).toMatch(/^__Host-/);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*Path=\/(;|$)/i);
      expect(cookie).not.toMatch(/;\s*Domain=/i);
    }
  });

  it('reads only the __Host- names: the same signed value under the bare name is no session', async () => {
    const { jar } = await openConsentForm(t, new IssuerJar());
    const session = jar.get('__Host-oidc_session')!;
    const authorize = `${local}/oauth2/authorize?${new URLSearchParams(authorizationParams(t, { prompt: 'none' }))}`;
    const signedIn = await fetch(authorize, {
      redirect: 'manual',
      headers: { cookie: `__Host-oidc_session=${session}` },
    });
    expect(new URL(signedIn.headers.get('location')!).searchParams.get('error')).toBe('consent_required');
    const planted = await fetch(authorize, { redirect: 'manual', headers: { cookie: `oidc_session=${session}` } });
    expect(new URL(planted.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });

  it('keeps several pending sign-ins of one browser apart with one interaction cookie, and none works in another browser', async () => {
    const jar = new IssuerJar();
    const first = await openLoginForm(t, jar);
    const second = await openLoginForm(t, jar);
    expect(first.url).not.toBe(second.url);
    for (const form of [first, second]) expect((await jar.fetch(form.url)).status).toBe(200);
    const stranger = new IssuerJar();
    await openLoginForm(t, stranger);
    const elsewhere = await stranger.fetch(first.url, { headers: { accept: 'text/html' } });
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(await elsewhere.text()).not.toContain('name="password"');
  });
});
