import fc from 'fast-check';
import { CookieJar } from '../support/cookie-jar';
import { startTestApp, type TestApp } from '../support/test-app';
import { basicAuth } from '../support/token-requests';
import { databaseFingerprint } from './support/database-fingerprint';
import { FUZZ_TARGETS, type FuzzContext } from './support/fuzz-targets';
import {
  ADMIN_TOKEN,
  adminFetch,
  authorizationParams,
  csrfField,
  openConsentForm,
  openDeviceForm,
  openLoginForm,
  openLogoutConfirmation,
  PASSWORD,
  POST_LOGOUT_REDIRECT_URI,
  startHardeningApp,
  type HardeningApp,
  USERNAME,
} from './support/hardening-app';
import { HEADER_INJECTION, hostileParams, toQuery } from './support/hostile-values';
import { expectSafeAnswer, send } from './support/probe';

/** Runs per endpoint: enough to meet every kind of hostile value, few enough for a quick suite. */
const RUNS = Number(process.env.HARDENING_FUZZ_RUNS ?? 25);
const fuzz = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS) =>
  fc.assert(fc.asyncProperty(arbitrary, check), { numRuns, endOnFailure: true });

/** The token is live: userinfo answers with its subject and introspection says active. */
async function expectAcceptedAccessToken(t: HardeningApp, accessToken: string): Promise<void> {
  const userinfo = await fetch(`${t.url}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(userinfo.status).toBe(200);
  expect(await userinfo.json()).toMatchObject({ sub: t.userId });
  const introspection = await fetch(`${t.url}/oauth2/introspect`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(t.web.clientId, t.web.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token: accessToken }).toString(),
  });
  expect(introspection.status).toBe(200);
  expect(await introspection.json()).toMatchObject({ active: true, client_id: t.web.clientId });
}

describe('hostile input', () => {
  let t: HardeningApp;
  let ctx: FuzzContext;

  beforeAll(async () => {
    t = await startHardeningApp();
    const token = await fetch(`${t.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(t.web.clientId, t.web.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'password',
        username: USERNAME,
        password: PASSWORD,
        scope: 'openid',
      }).toString(),
    });
    const registration = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Fuzzed', redirect_uris: ['https://fuzzed.example.com/cb'] }),
    });
    const registered = (await registration.json()) as Record<string, string>;
    // Probes that carry these credentials must reach the code behind authentication: a setup that
    // got 401s would fuzz nothing but the error path, and pass.
    expect(token.status).toBe(200);
    const accessToken = ((await token.json()) as { access_token: string }).access_token;
    await expectAcceptedAccessToken(t, accessToken);
    expect(registration.status).toBe(201);
    expect(registered.registration_access_token).toEqual(expect.any(String));
    type Created = { id: string; name: string; client: { client_id: string } };
    const created = async (path: string, body: unknown) => {
      const res = await adminFetch(t, 'POST', path, body);
      expect(res.status).toBe(201);
      return res.json() as Promise<Created>;
    };
    ctx = {
      t,
      accessToken,
      registered: { clientId: registered.client_id, registrationAccessToken: registered.registration_access_token },
      login: await openLoginForm(t),
      consent: await openConsentForm(t),
      logout: await openLogoutConfirmation(t),
      deviceForm: await openDeviceForm(t),
      admin: {
        clientId: (
          await created('/admin/clients', { client_name: 'Admin fuzz', redirect_uris: ['https://a.example/cb'] })
        ).client.client_id,
        userId: (await created('/admin/users', { username: 'fuzzed-user', password: 'a long enough password' })).id,
        scope: (await created('/admin/scopes', { name: 'fuzz:scope', description: 'Fuzzed' })).name,
        trustedIssuerId: (
          await created('/admin/trusted-issuers', {
            issuer: 'https://issuer.example',
            jwks_uri: 'https://issuer.example/jwks',
            allowed_scopes: ['openid'],
          })
        ).id,
      },
    };
  });
  afterAll(() => t?.close());

  // Runs first: the probes below carry this token, so it must be one the server accepts.
  it('fuzzes with an access token the server accepts (userinfo answers, introspection says active)', () =>
    expectAcceptedAccessToken(t, ctx.accessToken));

  describe.each(Object.entries(FUZZ_TARGETS))('%s', (_name, target) => {
    it('never answers 5xx, shows no internals, takes no header from the input and answers in its format', () =>
      fuzz(target.probes(ctx), async (probe) => {
        const jar = target.jar?.(ctx);
        await expectSafeAnswer(t.url, probe, target.audience, jar?.cookieHeader());
      }));
  });

  describe('repeated parameters (RFC 6749 §3.1: parameters MUST NOT be included more than once)', () => {
    const auth = () => ({ authorization: basicAuth(t.web.clientId, t.web.clientSecret) });
    const form = (path: string, params: [string, string][], headers: Record<string, string> = {}) =>
      send(t.url, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(params).toString(),
      });
    const expectRefused = async (answer: Promise<{ status: number; body: string }>) => {
      const res = await answer;
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error).toBe('invalid_request');
    };

    it.each(['grant_type', 'scope'])('refuses %s twice at the token endpoint', (name) =>
      expectRefused(
        form(
          '/oauth2/token',
          [
            ['grant_type', 'client_credentials'],
            ['scope', 'openid'],
            [name, 'openid'],
          ],
          auth(),
        ),
      ),
    );

    it.each(['token', 'token_type_hint'])('refuses %s twice at introspection and revocation', async (name) => {
      const params: [string, string][] = [
        ['token', ctx.accessToken],
        ['token_type_hint', 'access_token'],
        [name, 'x'],
      ];
      await expectRefused(form('/oauth2/introspect', params, auth()));
      await expectRefused(form('/oauth2/revoke', params, auth()));
    });

    it.each(['client_id', 'scope'])('refuses %s twice at the device authorization endpoint', (name) =>
      expectRefused(
        form('/oauth2/device_authorization', [
          ['client_id', t.device.clientId],
          ['scope', 'openid'],
          [name, 'openid'],
        ]),
      ),
    );

    it('refuses access_token twice in a userinfo form', () =>
      expectRefused(
        form('/oauth2/userinfo', [
          ['access_token', ctx.accessToken],
          ['access_token', ctx.accessToken],
        ]),
      ));

    it.each(['client_id', 'redirect_uri'])(
      'shows an error page, never a redirect, for %s twice at authorize',
      async (name) => {
        const params = authorizationParams(t);
        const res = await send(t.url, {
          method: 'GET',
          path: `/oauth2/authorize?${new URLSearchParams(params)}&${name}=${encodeURIComponent(params[name])}`,
        });
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(res.body).toContain('more than once');
      },
    );

    it.each(['response_type', 'scope', 'state', 'code_challenge', 'nonce'])(
      'sends invalid_request back to the verified redirect_uri for %s twice at authorize',
      async (name) => {
        const params = authorizationParams(t);
        const res = await send(t.url, {
          method: 'GET',
          path: `/oauth2/authorize?${new URLSearchParams(params)}&${name}=x`,
        });
        expect(res.status).toBe(303);
        const location = new URL(res.headers.get('location')!);
        expect(location.searchParams.get('error')).toBe('invalid_request');
        expect(location.searchParams.get('iss')).toBe(t.url);
      },
    );

    it.each(['client_id', 'post_logout_redirect_uri', 'state'])(
      'shows an error page for %s twice at logout',
      async (name) => {
        const params = { client_id: t.web.clientId, post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI, state: 's' };
        const res = await send(t.url, {
          method: 'GET',
          path: `/oauth2/logout?${new URLSearchParams(params)}&${name}=${encodeURIComponent(params[name as keyof typeof params])}`,
        });
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
      },
    );
  });

  it('refuses JSON nested thousands deep at registration and the admin API', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    for (const [method, path] of [
      ['POST', '/oauth2/register'],
      ['PUT', `/oauth2/register/${ctx.registered.clientId}`],
      ['POST', '/admin/clients'],
      ['PATCH', `/admin/users/${ctx.admin.userId}`],
      ['POST', '/admin/trusted-issuers'],
    ]) {
      const res = await send(t.url, {
        method,
        path,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${path.startsWith('/admin') ? ADMIN_TOKEN : ctx.registered.registrationAccessToken}`,
        },
        body: deep,
      });
      expect([res.status, JSON.parse(res.body).error]).toEqual([400, expect.stringMatching(/^invalid_/)]);
    }
  });

  describe('CR/LF in redirect parameters', () => {
    const injected = encodeURIComponent(HEADER_INJECTION);

    it('never turns up as a header of an authorization error redirect, in any response mode', async () => {
      for (const mode of ['query', 'fragment', 'form_post']) {
        const { state: _, ...params } = authorizationParams(t, { scope: 'no-such-scope', response_mode: mode });
        const path = `/oauth2/authorize?${new URLSearchParams(params)}&state=${injected}`;
        const res = await expectSafeAnswer(t.url, { method: 'GET', path }, 'html');
        const carried = mode === 'form_post' ? res.body : decodeURIComponent(res.headers.get('location') ?? '');
        expect(carried).toContain('invalid_scope');
      }
    });

    it('makes a redirect_uri or post_logout_redirect_uri with CR/LF unregistered: an error page', async () => {
      const authorize = authorizationParams(t, { redirect_uri: `https://rp.example.com/cb${HEADER_INJECTION}` });
      const logout = {
        client_id: t.web.clientId,
        post_logout_redirect_uri: `${POST_LOGOUT_REDIRECT_URI}${HEADER_INJECTION}`,
      };
      for (const path of [
        `/oauth2/authorize?${new URLSearchParams(authorize)}`,
        `/oauth2/logout?${new URLSearchParams(logout)}`,
      ]) {
        const res = await expectSafeAnswer(t.url, { method: 'GET', path }, 'html');
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
      }
    });

    it('keeps a logout state with CR/LF inside the encoded query of the link back to the RP', async () => {
      const query = `client_id=${t.web.clientId}&post_logout_redirect_uri=${encodeURIComponent(POST_LOGOUT_REDIRECT_URI)}&state=${injected}`;
      const res = await expectSafeAnswer(t.url, { method: 'GET', path: `/oauth2/logout?${query}` }, 'html');
      // Without an id_token_hint the user is shown where they would go (RP-Initiated Logout §3).
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
      const href = /<a class="button" href="([^"]+)"/
        .exec(res.body)![1]
        .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
        .replace(/&amp;/g, '&');
      expect(new URL(href).searchParams.get('state')).toBe(HEADER_INJECTION);
    });
  });

  it('answers every route of the router without a 5xx, whatever body comes without credentials', async () => {
    const express = t.app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    };
    const routes = express.router.stack.flatMap(({ route }) =>
      route ? Object.keys(route.methods).map((method) => ({ method, path: route.path })) : [],
    );
    expect(routes.length).toBeGreaterThan(150);
    const bodies: Array<{ headers?: Record<string, string>; body?: string }> = [
      {},
      { headers: { 'content-type': 'text/plain' }, body: 'x' },
      { headers: { 'content-type': 'application/json' }, body: 'null' },
      { headers: { 'content-type': 'application/json' }, body: '[]' },
      { headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b--' },
    ];
    const failures: string[] = [];
    for (const { method, path } of routes) {
      if (method === 'get' || method === 'head' || method === '_all') continue;
      // A catch-all route (@All, answering 405) lists every method; fetch cannot send these.
      if (['connect', 'trace', 'track'].includes(method)) continue;
      const concrete = path.replace(/:[^/]+/g, '00000000-0000-0000-0000-000000000000').replace(/\*.*$/, '');
      for (const body of bodies) {
        const answer = await send(t.url, { method: method.toUpperCase(), path: concrete, ...body });
        if (answer.status >= 500)
          failures.push(`${method} ${concrete} ${body.headers?.['content-type']}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('writes nothing but the record of the refusal when it refuses a request', async () => {
    // last_used_at of the admin credential is a once-a-minute hint, not a change: pinned for the run.
    await t.dataSource.query(`UPDATE admin_credentials SET last_used_at = now() + interval '1 hour'`);
    const targets = Object.values(FUZZ_TARGETS);
    const probes = fc
      .constantFrom(...targets)
      .chain((target) => target.probes(ctx).map((probe) => ({ target, probe })));
    await fuzz(
      probes,
      async ({ target, probe }) => {
        const before = await databaseFingerprint(t.dataSource);
        const jar = target.jar?.(ctx);
        const answer = await send(t.url, probe, jar?.cookieHeader());
        if (answer.status >= 400) expect(await databaseFingerprint(t.dataSource)).toEqual(before);
      },
      RUNS * 4,
    );
  });
});

describe('hostile input at first-run setup', () => {
  let t: TestApp;
  let jar: CookieJar;
  beforeAll(async () => {
    t = await startTestApp();
    jar = new CookieJar();
    expect(csrfField(await (await jar.fetch(`${t.url}/setup`)).text(), '_csrf')).toBeDefined();
  });
  afterAll(() => t?.close());

  it('never answers 5xx or shows internals, and without its CSRF token never completes setup', async () => {
    await fuzz(
      fc.record({ method: fc.constantFrom('GET', 'POST'), params: hostileParams({}, ['_csrf', 'confirm']) }),
      async ({ method, params }) => {
        const probe =
          method === 'GET'
            ? { method, path: `/setup?${toQuery(params)}`, headers: { accept: 'text/html' } }
            : {
                method,
                path: '/setup',
                headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
                body: toQuery(params),
              };
        await expectSafeAnswer(t.url, probe, 'html', jar.cookieHeader());
      },
    );
    expect(await t.dataSource.query('SELECT id FROM admin_credentials')).toEqual([]);
  });
});
