import { randomUUID } from 'node:crypto';
import { COOKIE_NAMES } from '../../src/common/http/cookie-names';
import { UsersService } from '../../src/users/users.service';
import { CookieJar } from '../support/cookie-jar';
import { basicAuth, postToken } from '../support/token-requests';
import {
  authorizationParams,
  csrfField,
  PASSWORD,
  startHardeningApp,
  type HardeningApp,
} from './support/hardening-app';

/** On the http issuer of these tests: without the __Host- prefix. */
const KNOWN_BROWSER_COOKIE = COOKIE_NAMES.knownBrowser;

// Slowed-down attempts wait up to 4 s apiece.
jest.setTimeout(60_000);

/**
 * Security review #14, item 3: a guesser must not be able to lock an account's owner out.
 * Addresses are told apart as behind one ingress (TRUST_PROXY=1: the right-most X-Forwarded-For
 * entry is the client).
 */
describe('login throttling', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ TRUST_PROXY: '1' });
  });
  afterAll(() => t?.close());

  /** A browser (its own cookies) at one client address. */
  class BrowserAt extends CookieJar {
    constructor(readonly address: string) {
      super();
    }

    override fetch(url: string, init: RequestInit = {}): Promise<Response> {
      const headers = new Headers(init.headers);
      // Whatever the client writes first, the ingress appends the address it saw.
      headers.set('x-forwarded-for', `192.0.2.${Math.floor(Math.random() * 250)}, ${this.address}`);
      return super.fetch(url, { ...init, headers });
    }
  }
  let nextAddress = 0;
  const newAddress = () => `203.0.113.${++nextAddress}`;
  const browserAt = (address = newAddress()) => new BrowserAt(address);

  const newUser = async (extra: { roles?: string[] } = {}) => {
    const username = `u-${randomUUID().slice(0, 8)}`;
    const user = await t.app.get(UsersService).create({
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
      ...extra,
    });
    return { id: user.id, username, email: `${username}@example.com` };
  };

  /** A fresh authorization request's login page (prompt=login: a browser signed in before gets it too). */
  const openLoginForm = async (browser: BrowserAt) => {
    const query = new URLSearchParams(authorizationParams(t, { prompt: 'login' }));
    const url = (await browser.fetch(`${t.url}/oauth2/authorize?${query}`)).headers.get('location')!;
    return { url, csrf: csrfField(await (await browser.fetch(url)).text(), 'csrf')! };
  };

  /** One login form post from `browser`, on a fresh authorization request; how long the post took. */
  const signIn = async (browser: BrowserAt, login: string, password: string) => {
    const { url, csrf } = await openLoginForm(browser);
    const started = performance.now();
    const res = await browser.post(url, { csrf, login, password });
    const page = await res.text();
    return { status: res.status, page, ms: performance.now() - started, res };
  };
  const wrongFrom = async (browser: BrowserAt, login: string, times = 1) => {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) statuses.push((await signIn(browser, login, `wrong ${i}`)).status);
    return statuses;
  };
  /** The account's failures from anywhere, as if a guesser on many addresses had made them. */
  const setAccountFailures = (account: string, failures: number) =>
    t.dataSource.query(
      `INSERT INTO login_attempts (key, failures, last_failure_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET failures = $2, last_failure_at = now()`,
      [`account:${account}`, failures],
    );

  describe('at the login page', () => {
    it('five wrong passwords from one address do not lock the owner out: the right one works from another', async () => {
      const victim = await newUser();
      const attacker = browserAt();
      expect(await wrongFrom(attacker, victim.username, 5)).toEqual([401, 401, 401, 401, 401]);
      // The guesser's address is refused for this account...
      const refused = await signIn(attacker, victim.username, PASSWORD);
      expect(refused.status).toBe(429);
      expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
      // ...its owner, elsewhere, is not.
      const owner = await signIn(browserAt(), victim.username, PASSWORD);
      expect(owner.status).toBe(303);
      expect(owner.res.headers.get('location')).toMatch(/\/consent$/);
    });

    it('failures from many addresses slow the account down, within a few seconds, and never refuse it', async () => {
      const victim = await newUser();
      // One failure from each of six addresses: no address reaches its own limit.
      for (let i = 0; i < 6; i++) expect(await wrongFrom(browserAt(), victim.username)).toEqual([401]);
      const slowed = await signIn(browserAt(), victim.username, PASSWORD);
      expect(slowed.status).toBe(303);
      expect(slowed.ms).toBeGreaterThanOrEqual(900); // 6 failures: 1 s
      // However many failures there were, the wait stays bounded (4 s) and the right password works.
      await setAccountFailures(`user:${victim.id}`, 200);
      const capped = await signIn(browserAt(), victim.email, PASSWORD);
      expect(capped.status).toBe(303);
      expect(capped.ms).toBeGreaterThanOrEqual(3900);
      expect(capped.ms).toBeLessThan(8000);
    });

    it('counts an account once whatever the spelling: username and email from one address add up', async () => {
      const victim = await newUser();
      const attacker = browserAt();
      expect(await wrongFrom(attacker, victim.username, 3)).toEqual([401, 401, 401]);
      expect(await wrongFrom(attacker, victim.email.toUpperCase(), 2)).toEqual([401, 401]);
      expect((await signIn(attacker, victim.username, PASSWORD)).status).toBe(429);
      expect((await signIn(attacker, victim.email.replace('example', 'Example'), PASSWORD)).status).toBe(429);
    });

    it('throttles an unknown login exactly as a known one: statuses, pages and slow-down', async () => {
      const known = await newUser();
      const unknown = `nobody-${randomUUID().slice(0, 8)}`;
      const run = async (login: string) => {
        const attacker = browserAt();
        const attempts = [];
        // Five counted failures, then two refusals (not counted) from one address...
        for (let i = 0; i < 7; i++) attempts.push(await signIn(attacker, login, `wrong ${i}`));
        // ...two more failures from elsewhere (slowed 0.5 s and 1 s), and the next one waits 2 s.
        for (let i = 0; i < 3; i++) attempts.push(await signIn(browserAt(), login, `wrong again ${i}`));
        return attempts.map((a, i) => ({
          status: a.status,
          page: a.page
            .replaceAll(login, '<login>')
            .replaceAll(/name="csrf" value="[^"]+"/g, '')
            .replaceAll(/\/interaction\/[^/"]+\//g, '/interaction/<id>/'),
          // Well apart from an unslowed attempt's time, however loaded the machine.
          ...(i < 7 || i === 9 ? { slowed: a.ms >= 1900 } : {}),
        }));
      };
      const forKnown = await run(known.username);
      const forUnknown = await run(unknown);
      expect(forKnown.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 401, 401, 401]);
      expect(forKnown.map((a) => a.slowed)).toEqual([
        ...[false, false, false, false, false, false, false],
        ...[undefined, undefined, true],
      ]);
      expect(forUnknown).toEqual(forKnown);
    });

    it('refuses an address after 20 failures whatever the logins it tries', async () => {
      const attacker = browserAt();
      for (let i = 0; i < 20; i++) expect(await wrongFrom(attacker, `guess-${i}-${randomUUID()}`)).toEqual([401]);
      const victim = await newUser();
      expect((await signIn(attacker, victim.username, PASSWORD)).status).toBe(429);
      expect((await signIn(browserAt(), victim.username, PASSWORD)).status).toBe(303);
    });
  });

  describe('a browser that signed in before (the known-browser cookie)', () => {
    it('gets a signed, httpOnly, SameSite=Strict, long-lived cookie for the account at a successful sign-in', async () => {
      const user = await newUser();
      const { res } = await signIn(browserAt(), user.username, PASSWORD);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${KNOWN_BROWSER_COOKIE}=`));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/^[^=]+=s%3A/); // signed with COOKIE_SECRET (cookie-parser's s: prefix)
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict/i);
      expect(cookie).toMatch(/;\s*Path=\//);
      expect(Number(/Max-Age=(\d+)/i.exec(cookie!)?.[1])).toBeGreaterThanOrEqual(180 * 86400);
    });

    it('is neither refused nor slowed down while the account is under attack, even from its own address', async () => {
      const victim = await newUser();
      const address = newAddress();
      const owner = browserAt(address);
      expect((await signIn(owner, victim.username, PASSWORD)).status).toBe(303);
      // A guesser at the same address (a shared NAT) locks that address out of the account...
      expect(await wrongFrom(browserAt(address), victim.username, 5)).toEqual([401, 401, 401, 401, 401]);
      expect((await signIn(browserAt(address), victim.username, PASSWORD)).status).toBe(429);
      // ...and guessers everywhere else have the account slowed down to the cap.
      await setAccountFailures(`user:${victim.id}`, 200);
      const back = await signIn(owner, victim.username, PASSWORD);
      expect(back.status).toBe(303);
      expect(back.ms).toBeLessThan(2000);
    });

    it('is known for its own account only, and an altered cookie is no cookie', async () => {
      const owner = await newUser();
      const victim = await newUser();
      const address = newAddress();
      const browser = browserAt(address);
      expect((await signIn(browser, owner.username, PASSWORD)).status).toBe(303);
      expect(await wrongFrom(browser, victim.username, 5)).toEqual([401, 401, 401, 401, 401]);
      expect((await signIn(browser, victim.username, PASSWORD)).status).toBe(429);

      // The owner's own cookie, with the victim's id written in: its signature no longer matches.
      const forged = browserAt(address);
      const value = decodeURIComponent(browser.get(KNOWN_BROWSER_COOKIE)!).replace(owner.id, victim.id);
      forged.set(KNOWN_BROWSER_COOKIE, encodeURIComponent(value));
      const res = (await signIn(forged, victim.username, PASSWORD)).res;
      expect(res.status).toBe(429);
    });

    it('loses its exemption when it guesses itself, and is then throttled like any browser', async () => {
      const user = await newUser();
      const browser = browserAt();
      expect((await signIn(browser, user.username, PASSWORD)).status).toBe(303);
      // Five of its own failures end the exemption; five more at its address lock the address out.
      expect(await wrongFrom(browser, user.username, 10)).toEqual(Array(10).fill(401));
      expect((await signIn(browser, user.username, PASSWORD)).status).toBe(429);
    });
  });

  describe('the password grant', () => {
    const grant = (address: string, username: string, password: string) =>
      postToken(
        t,
        { grant_type: 'password', username, password, scope: 'openid' },
        { authorization: basicAuth(t.web.clientId, t.web.clientSecret), 'x-forwarded-for': address },
      );

    it('five wrong passwords from one address lock that address out of the account, not its owner elsewhere', async () => {
      const victim = await newUser();
      const attacker = newAddress();
      for (let i = 0; i < 5; i++) expect((await grant(attacker, victim.username, `wrong ${i}`)).status).toBe(400);
      const refused = await grant(attacker, victim.email, PASSWORD);
      expect(refused.body).toEqual({
        error: 'invalid_grant',
        error_description: expect.stringMatching(/temporarily locked/),
      });
      expect((await grant(newAddress(), victim.username, PASSWORD)).status).toBe(200);
    });
  });

  describe('device sign-in', () => {
    it('five wrong passwords from one address do not keep the owner from approving a device elsewhere', async () => {
      const victim = await newUser();
      expect(await wrongFrom(browserAt(), victim.username, 5)).toEqual([401, 401, 401, 401, 401]);

      const owner = browserAt();
      const started = await owner.post(`${t.url}/oauth2/device_authorization`, { client_id: t.device.clientId });
      const { user_code } = (await started.json()) as { user_code: string };
      const codePage = await (await owner.fetch(`${t.url}/oauth2/device`)).text();
      const entered = await owner.post(`${t.url}/oauth2/device`, {
        user_code,
        _csrf: csrfField(codePage, '_csrf')!,
      });
      expect(entered.headers.get('location')).toBe(`${t.url}/oauth2/device/login`);
      const loginPage = await (await owner.fetch(`${t.url}/oauth2/device/login`)).text();
      const signedIn = await owner.post(`${t.url}/oauth2/device/login`, {
        login: victim.username,
        password: PASSWORD,
        csrf: csrfField(loginPage, 'csrf')!,
      });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe(`${t.url}/oauth2/device/consent`);
    });
  });

  describe('admin console sign-in', () => {
    const consoleSignIn = async (browser: BrowserAt, login: string, password: string) => {
      const form = await (await browser.fetch(`${t.url}/admin/console/sign-in/account`)).text();
      return browser.post(`${t.url}/admin/console/sign-in/account`, {
        _csrf: csrfField(form, '_csrf')!,
        login,
        password,
      });
    };

    it('five wrong passwords for an admin from one address do not keep the admin out from another', async () => {
      const admin = await newUser({ roles: ['admin'] });
      const attacker = browserAt();
      for (let i = 0; i < 5; i++)
        expect((await consoleSignIn(attacker, admin.username, `wrong ${i}`)).status).toBe(401);
      expect((await consoleSignIn(attacker, admin.username, PASSWORD)).status).toBe(429);
      const signedIn = await consoleSignIn(browserAt(), admin.username, PASSWORD);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/admin/console');
    });
  });
});
