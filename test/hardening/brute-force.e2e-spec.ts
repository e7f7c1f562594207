import { UsersService } from '../../src/users/users.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { basicAuth, postToken } from '../support/token-requests';
import { openLoginForm, PASSWORD, startHardeningApp, USERNAME, type HardeningApp } from './support/hardening-app';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('guessing passwords', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t?.close());
  /** Forgets every failure, so lockout does not colour what is measured. */
  const forgetFailures = () => t.dataSource.query('DELETE FROM login_attempts');

  describe('tells an unknown username from a wrong password in no way', () => {
    it('by the login page: same status, same page', async () => {
      const { jar, url, csrf } = await openLoginForm(t);
      const attempt = async (login: string) => {
        await forgetFailures();
        const res = await jar.post(url, { csrf, login, password: 'not the password' });
        const page = (await res.text()).replaceAll(login, '<login>').replaceAll(csrf, '<csrf>');
        return { status: res.status, page };
      };
      const unknown = await attempt('nobody-at-all');
      const known = await attempt(USERNAME);
      expect(unknown.status).toBe(401);
      expect(known).toEqual(unknown);
    });

    it('by the password grant: same status, same error', async () => {
      await forgetFailures();
      const grant = (username: string) =>
        postToken(
          t,
          { grant_type: 'password', username, password: 'not the password' },
          { authorization: basicAuth(t.web.clientId, t.web.clientSecret) },
        );
      const [unknown, known] = [await grant('nobody-at-all'), await grant(USERNAME)];
      expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
    });

    it('by the time it takes: argon2 checks a dummy hash for unknown users (median ratio within 0.5–2)', async () => {
      const { jar, url, csrf } = await openLoginForm(t);
      const timed = async (login: string) => {
        await forgetFailures();
        const started = process.hrtime.bigint();
        const res = await jar.post(url, { csrf, login, password: 'not the password' });
        await res.text();
        expect(res.status).toBe(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      // The first unknown login makes the dummy hash; neither warm-up is measured.
      await timed('warm-up-unknown');
      await timed(USERNAME);
      const unknown: number[] = [];
      const known: number[] = [];
      for (let i = 0; i < 10; i++) {
        unknown.push(await timed(`unknown-${i}`));
        known.push(await timed(USERNAME));
      }
      const ratio = median(unknown) / median(known);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    });
  });

  describe('lockout of an address from an account', () => {
    let locked: string;
    let lockedId: string;
    beforeAll(async () => {
      const user = await t.app.get(UsersService).create({ username: 'locked-out', password: PASSWORD });
      [locked, lockedId] = [user.username, user.id];
    });

    it('is backoff, not permanent: once the lock has passed, the right password works again', async () => {
      await forgetFailures();
      const { jar, url, csrf } = await openLoginForm(t);
      const signIn = (password: string) => jar.post(url, { csrf, login: locked, password });
      for (let i = 0; i < 5; i++) expect((await signIn('not the password')).status).toBe(401);

      const refused = await signIn(PASSWORD);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.text()).not.toContain('Invalid username or password');

      // The lock period passes (30 s after the fifth failure; shortened here). What is locked is
      // this address for this account (counted by its id), not the account.
      const { 1: affected } = await t.dataSource.query(
        `UPDATE login_attempts SET locked_until = now() - interval '1 second' WHERE key LIKE $1 AND locked_until IS NOT NULL`,
        [`pair:%|user:${lockedId}`],
      );
      expect(affected).toBe(1);
      const signedIn = await signIn(PASSWORD);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toMatch(/\/consent$/);
    });
  });
});

describe('rate limits on the endpoints open to guessing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOGIN: '3/60',
      RATE_LIMIT_TOKEN: '3/60',
      RATE_LIMIT_DEVICE: '3/60',
      RATE_LIMIT_REGISTRATION: '3/60',
    });
  });
  afterAll(() => t?.close());

  const formPost = (path: string, body: string) => () =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

  it.each([
    ['login', formPost('/interaction/no-such-interaction/login', 'login=alice&password=guess')],
    ['token', formPost('/oauth2/token', 'grant_type=client_credentials&client_id=a&client_secret=guess')],
    ['device', formPost('/oauth2/device_authorization', 'client_id=guess')],
    [
      'registration',
      () =>
        fetch(`${t.url}/oauth2/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
    ],
  ])('answers the %s endpoint 429 with Retry-After past its limit', async (_name, send) => {
    for (let i = 0; i < 3; i++) expect((await send()).status).not.toBe(429);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
