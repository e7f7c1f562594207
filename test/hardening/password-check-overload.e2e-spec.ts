import { basicAuth, postToken } from '../support/token-requests';
import { openLoginForm, PASSWORD, startHardeningApp, USERNAME, type HardeningApp } from './support/hardening-app';

const BUSY = 'Too many passwords are being checked right now: try again shortly.';

/**
 * A flood of sign-ins is answered at once, not queued without end, once password checks would
 * wait longer than PASSWORD_CHECK_MAX_WAIT for a core. It is 0 here: whatever cannot start at
 * once is refused, so a handful of requests at once shows it.
 */
describe('password checks under overload', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ PASSWORD_CHECK_MAX_WAIT: '0' });
  });
  afterAll(() => t?.close());

  const failuresOf = async (key: string): Promise<number> =>
    (await t.dataSource.query('SELECT failures FROM login_attempts WHERE key = $1', [key]))[0]?.failures ?? 0;

  it('answers the login forms beyond the cores with a 503 page and Retry-After, and counts no failure for them', async () => {
    const forms = await Promise.all(Array.from({ length: 12 }, () => openLoginForm(t)));
    const answers = await Promise.all(
      forms.map((f) => f.jar.post(f.url, { csrf: f.csrf, login: USERNAME, password: 'not the password' })),
    );
    const statuses = answers.map((a) => a.status);
    const checked = statuses.filter((s) => s === 401).length;
    const refused = answers.filter((a) => a.status === 503);
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(checked + refused.length).toBe(12);
    for (const res of refused) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain(BUSY);
    }
    // Only the passwords that were checked count as failures, for the account as for the address.
    expect(await failuresOf(`account:user:${t.userId}`)).toBe(checked);
    expect(await failuresOf('ip:127.0.0.1')).toBe(checked);

    // Once the rush is over, a refused form goes through as sent again.
    const retried = forms[statuses.indexOf(503)];
    const again = await retried.jar.post(retried.url, { csrf: retried.csrf, login: USERNAME, password: PASSWORD });
    expect(again.status).toBe(303);
  });

  it('answers the password grant beyond the cores with 503 temporarily_unavailable and Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        postToken(
          t,
          { grant_type: 'password', username: USERNAME, password: PASSWORD, scope: 'openid' },
          { authorization: basicAuth(t.web.clientId, t.web.clientSecret) },
        ),
      ),
    );
    const served = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 503);
    expect(served.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(served.length + refused.length).toBe(12);
    for (const res of refused) {
      expect(res.body).toEqual({ error: 'temporarily_unavailable', error_description: BUSY });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
