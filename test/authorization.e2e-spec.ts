import { createHash, randomBytes } from 'node:crypto';
import { ClientsService } from '../src/clients/clients.service';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import { UsersService } from '../src/users/users.service';
import { CookieJar } from './support/cookie-jar';
import { startTestApp, TestApp } from './support/test-app';

const REDIRECT_URI = 'https://rp.example.com/cb';
const PASSWORD = 'correct horse battery staple';
const verifier = randomBytes(32).toString('base64url');
const S256 = createHash('sha256').update(verifier).digest('base64url');

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

describe('authorization endpoint', () => {
  let t: TestApp;
  let web: string;
  let spa: string;
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  const authorizeUrl = (params: Record<string, string>) => `${t.url}/oauth2/authorize?${new URLSearchParams(params)}`;
  const valid = (overrides: Record<string, string> = {}) => ({
    client_id: web,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid email',
    state: 'st-123',
    code_challenge: S256,
    code_challenge_method: 'S256',
    ...overrides,
  });
  /** The RP's view of a redirect: the parameters of the Location. */
  const redirectParams = (res: Response) => {
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    return Object.fromEntries(location.searchParams);
  };
  /** A browser at the login page of a fresh request; returns its jar, the page URL and CSRF token. */
  const atLoginPage = async (params: Record<string, string> = valid()) => {
    const jar = new CookieJar();
    const res = await jar.fetch(authorizeUrl(params));
    expect(res.status).toBe(303);
    const loginUrl = res.headers.get('location')!;
    expect(loginUrl).toMatch(new RegExp(`^${t.url}/interaction/[A-Za-z0-9_-]{43}/login$`));
    const page = await jar.fetch(loginUrl);
    const html = await page.text();
    return { jar, loginUrl, csrf: csrfOf(html)!, page, html };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const clients = t.app.get(ClientsService);
    const users = t.app.get(UsersService);
    await users.create({ username: 'alice', email: 'alice@example.com', password: PASSWORD });
    await users.create({ username: 'mallory', password: PASSWORD, disabled: true });
    await users.create({ username: 'lockme', password: PASSWORD });
    web = (
      await clients.create({
        clientName: 'Web RP',
        redirectUris: [REDIRECT_URI],
        allowedScopes: ['openid', 'email', 'profile'],
        consentPolicy: 'skip',
      })
    ).client.clientId;
    spa = (
      await clients.create({
        clientName: 'SPA',
        redirectUris: [REDIRECT_URI],
        tokenEndpointAuthMethod: 'none',
        requirePkce: true,
      })
    ).client.clientId;
  });
  afterAll(() => t.close());

  describe('before the client and redirect_uri are verified', () => {
    it('shows an HTML error page for an unknown client, and never redirects', async () => {
      const res = await fetch(authorizeUrl(valid({ client_id: 'nobody' })), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('invalid_client');
    });

    it('shows an error page for a missing or repeated client_id or redirect_uri', async () => {
      const { redirect_uri: _, ...noRedirect } = valid();
      const urls = [
        authorizeUrl(noRedirect),
        `${authorizeUrl(valid())}&client_id=${spa}`,
        `${authorizeUrl(valid())}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`,
      ];
      for (const url of urls) {
        const res = await fetch(url, { redirect: 'manual' });
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
      }
    });

    it.each([
      'https://rp.example.com/cb/',
      'https://RP.example.com/cb',
      'https://rp.example.com/CB',
      'https://rp.example.com/cb?extra=1',
      'https://rp.example.com:443/cb',
      'https://evil.example.com/cb',
    ])('never redirects to the unregistered look-alike %s', async (redirectUri) => {
      const res = await fetch(authorizeUrl(valid({ redirect_uri: redirectUri, scope: 'nonsense' })), {
        redirect: 'manual',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_uri is not registered');
    });
  });

  describe('errors sent back to the RP', () => {
    const errorFor = async (params: Record<string, string>) => {
      const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
      expect(res.status).toBe(303);
      return redirectParams(res);
    };

    it('requires PKCE of a public client, with state and iss (RFC 9207)', async () => {
      const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = valid({ client_id: spa });
      expect(await errorFor(noPkce)).toEqual({
        error: 'invalid_request',
        error_description: 'code_challenge is required (PKCE, RFC 7636)',
        state: 'st-123',
        iss: t.url,
      });
    });

    it('refuses the plain PKCE method', async () => {
      const params = await errorFor(valid({ code_challenge: verifier, code_challenge_method: 'plain' }));
      expect(params).toMatchObject({ error: 'invalid_request', state: 'st-123', iss: t.url });
      expect(params.error_description).toMatch(/plain/);
    });

    it('refuses an unknown scope with invalid_scope', async () => {
      expect(await errorFor(valid({ scope: 'openid rocket-launch' }))).toMatchObject({
        error: 'invalid_scope',
        state: 'st-123',
      });
    });

    it('refuses an unknown response type, and in the fragment those the client is not registered for', async () => {
      expect(await errorFor(valid({ response_type: 'nonsense' }))).toMatchObject({
        error: 'unsupported_response_type',
        iss: t.url,
      });
      // RFC 9700 §2.1.2: an access token from this endpoint is not served unless IMPLICIT_ACCESS_TOKENS is on.
      for (const [responseType, error] of [
        ['token', 'unsupported_response_type'],
        ['id_token', 'unauthorized_client'],
        ['id_token code', 'unauthorized_client'],
      ]) {
        const res = await fetch(authorizeUrl(valid({ response_type: responseType, nonce: 'n' })), {
          redirect: 'manual',
        });
        const location = new URL(res.headers.get('location')!);
        expect(location.search).toBe('');
        expect(Object.fromEntries(new URLSearchParams(location.hash.slice(1)))).toMatchObject({
          error,
          state: 'st-123',
          iss: t.url,
        });
      }
    });

    it('answers prompt=none without a session with login_required', async () => {
      expect(await errorFor(valid({ prompt: 'none' }))).toMatchObject({
        error: 'login_required',
        state: 'st-123',
        iss: t.url,
      });
    });

    it('refuses prompt=none with another prompt, a bad max_age and malformed claims', async () => {
      for (const params of [
        valid({ prompt: 'none login' }),
        valid({ max_age: '-1' }),
        valid({ claims: '{"userinfo": []}' }),
        valid({ response_mode: 'web_message' }),
      ])
        expect(await errorFor(params)).toMatchObject({ error: 'invalid_request' });
    });

    it('shows a page, never a redirect, for a request object it cannot verify or a request_uri it does not know', async () => {
      // RFC 9101 §6.2: the redirect_uri beside them is not the request's, so nothing is redirected.
      for (const [params, error] of [
        [valid({ request: 'eyJ.eyJ.sig' }), 'invalid_request_object'],
        [valid({ request_uri: 'urn:x' }), 'invalid_request_uri'],
        [valid({ request_uri: 'urn:ietf:params:oauth:request_uri:unknown' }), 'invalid_request_uri'],
      ] as const) {
        const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(await res.text()).toContain(error);
      }
    });

    it('refuses a repeated parameter, without echoing a repeated state', async () => {
      const res = await fetch(`${authorizeUrl(valid())}&scope=profile`, { redirect: 'manual' });
      expect(redirectParams(res)).toMatchObject({ error: 'invalid_request', state: 'st-123' });
      const twice = await fetch(`${authorizeUrl(valid())}&state=other`, { redirect: 'manual' });
      const params = redirectParams(twice);
      expect(params.error).toBe('invalid_request');
      expect(params.state).toBeUndefined();
    });

    it('sends errors in the fragment or as a self-posting form when asked', async () => {
      const fragment = await fetch(authorizeUrl(valid({ response_mode: 'fragment', scope: 'bogus' })), {
        redirect: 'manual',
      });
      const hash = new URLSearchParams(new URL(fragment.headers.get('location')!).hash.slice(1));
      expect(hash.get('error')).toBe('invalid_scope');

      const post = await fetch(authorizeUrl(valid({ response_mode: 'form_post', scope: 'bogus' })));
      expect(post.status).toBe(200);
      const html = await post.text();
      expect(html).toContain(`action="${REDIRECT_URI}"`);
      expect(html).toContain('name="error" value="invalid_scope"');
      const nonce = /<script nonce="([^"]+)"/.exec(html)![1];
      expect(post.headers.get('content-security-policy')).toContain(`script-src 'nonce-${nonce}'`);
    });
  });

  describe('login', () => {
    it('redirects to a login page bound to the browser, never cached, with a CSRF token', async () => {
      const { page, html, loginUrl } = await atLoginPage(valid({ login_hint: 'alice@example.com' }));
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(html).toContain('<label for="login">');
      expect(html).toContain('value="alice@example.com"');
      expect(html).toContain('Web RP');
      expect(csrfOf(html)).toBeDefined();

      const elsewhere = await fetch(loginUrl, { redirect: 'manual' });
      expect(elsewhere.status).toBe(400);
      expect(await elsewhere.text()).toContain('another browser');
    });

    it('refuses a login post without the CSRF token with 403, creating no session', async () => {
      const { jar, loginUrl } = await atLoginPage();
      const before = await count('sessions');
      const res = await jar.post(loginUrl, { login: 'alice', password: PASSWORD });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const wrong = await jar.post(loginUrl, { login: 'alice', password: PASSWORD, csrf: 'x'.repeat(43) });
      expect(wrong.status).toBe(403);
      expect(await count('sessions')).toBe(before);
      expect(jar.get('oidc_session')).toBeUndefined();
    });

    it('says the same for an unknown account, a wrong password and a disabled user', async () => {
      const { jar, loginUrl, csrf } = await atLoginPage();
      for (const [login, password] of [
        ['nobody', PASSWORD],
        ['alice', 'wrong password'],
        ['mallory', PASSWORD],
      ]) {
        const res = await jar.post(loginUrl, { login, password, csrf });
        expect(res.status).toBe(401);
        expect(await res.text()).toContain('Invalid username or password.');
      }
      expect(jar.get('oidc_session')).toBeUndefined();
    });

    it('signs in and sends the code to the RP with state and iss, storing only a hash of the session secret', async () => {
      const { jar, loginUrl, csrf } = await atLoginPage(valid({ nonce: 'n-1', claims: '{"userinfo":{"email":null}}' }));
      const res = await jar.post(loginUrl, { login: 'ALICE', password: PASSWORD, csrf });
      expect(res.status).toBe(303);
      const params = redirectParams(res);
      expect(params).toEqual({ code: expect.any(String), state: 'st-123', iss: t.url });

      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('oidc_session='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      const [session] = await t.dataSource.query('SELECT * FROM sessions ORDER BY created_at DESC LIMIT 1');
      expect(session.amr).toEqual(['pwd']);
      expect(cookie).not.toContain(session.secret_hash);
      const [code] = await t.dataSource.query('SELECT * FROM authorization_codes WHERE code_hash = $1', [
        createHash('sha256').update(params.code).digest('hex'),
      ]);
      expect(code).toMatchObject({
        client_id: web,
        session_id: session.id,
        redirect_uri: REDIRECT_URI,
        scope: ['openid', 'email'],
        nonce: 'n-1',
        code_challenge: S256,
        code_challenge_method: 'S256',
        claims: { userinfo: { email: null } },
      });
      expect(await t.dataSource.query('SELECT 1 FROM interactions WHERE id = $1', [loginUrl.split('/')[4]])).toEqual(
        [],
      );

      // The same browser is now signed in: prompt=none succeeds without a page.
      const silent = await jar.fetch(authorizeUrl(valid({ prompt: 'none' })));
      expect(redirectParams(silent)).toMatchObject({ code: expect.any(String), state: 'st-123' });
      // A finished interaction cannot be replayed.
      expect((await jar.post(loginUrl, { login: 'alice', password: PASSWORD, csrf })).status).toBe(400);
    });

    it('accepts the request by POST too (OIDC Core §3.1.2.1)', async () => {
      const res = await fetch(`${t.url}/oauth2/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(valid()).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/\/interaction\/[^/]+\/login$/);
    });

    it('locks this address out of the account after 5 wrong passwords: the right one is then refused too', async () => {
      const { jar, loginUrl, csrf } = await atLoginPage();
      for (let i = 0; i < 5; i++) await jar.post(loginUrl, { login: 'lockme', password: `wrong ${i}`, csrf });
      const res = await jar.post(loginUrl, { login: 'lockme', password: PASSWORD, csrf });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await res.text()).toMatch(/Too many attempts\. Try again in \d+ minutes?\./);
      expect(jar.get('oidc_session')).toBeUndefined();
    });
  });

  it('announces the authorization endpoint in discovery', async () => {
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as ProviderMetadata;
    expect(doc).toMatchObject({
      authorization_endpoint: `${t.url}/oauth2/authorize`,
      // RFC 9700 §2.1.2: nothing that returns an access token from here unless IMPLICIT_ACCESS_TOKENS is on.
      response_types_supported: ['code', 'code id_token', 'none', 'id_token'],
      grant_types_supported: expect.arrayContaining(['authorization_code', 'implicit']),
      response_modes_supported: ['query', 'fragment', 'form_post'],
      code_challenge_methods_supported: ['S256'],
      prompt_values_supported: ['none', 'login', 'consent', 'select_account', 'create'],
      authorization_response_iss_parameter_supported: true,
      claims_parameter_supported: true,
      request_parameter_supported: true,
      request_uri_parameter_supported: true,
    });
  });
});
