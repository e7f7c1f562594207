import { Client } from 'pg';
import { CookieJar } from '../support/cookie-jar';
import { createTestDatabase, databaseUrl, dropTestDatabase } from '../support/database';
import { startServer, type ServerProcess } from '../support/server-process';
import { basicAuth } from '../support/token-requests';
import {
  ADMIN_TOKEN,
  adminFetch,
  CODE_VERIFIER,
  csrfField,
  openConsentForm,
  openDeviceForm,
  openLoginForm,
  PASSWORD,
  POST_LOGOUT_REDIRECT_URI,
  REDIRECT_URI,
  USERNAME,
  type ServerUnderTest,
} from './support/hardening-app';
import { tempDir } from '../support/temp-dir';

// The built server starts as its own process and runs many flows: a few seconds on a loaded machine.
jest.setTimeout(120_000);

describe('secrets never reach the logs (the built server at LOG_LEVEL=trace)', () => {
  let database: string;
  let server: ServerProcess;
  let s: ServerUnderTest;
  /** Every secret the flows below made or sent, by what it is. */
  const secrets = new Map<string, string>();
  const keep = (what: string, value: unknown) => {
    expect(typeof value === 'string' && value.length >= 8).toBe(true);
    secrets.set(`${what} #${secrets.size}`, value as string);
    return value as string;
  };

  const form = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params).toString(),
    });
  const asWeb = () => ({ authorization: basicAuth(s.web.clientId, s.web.clientSecret) });
  const json = async (res: Response | Promise<Response>) => (await (await res).json()) as Record<string, string>;

  /** Tokens of a token response, each kept as a secret. */
  const keepTokens = (what: string, body: Record<string, string>) => {
    for (const name of ['access_token', 'refresh_token', 'id_token'])
      if (body[name] !== undefined) keep(`${what} ${name}`, body[name]);
    return body;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({
      DATABASE_URL: databaseUrl(database),
      ADMIN_TOKEN,
      LOG_LEVEL: 'trace',
      DATA_DIR: tempDir('oidc-logs-'),
      CLEANUP_INTERVAL: '0',
      RATE_LIMIT_ENABLED: 'false',
    });
    keep('admin token', ADMIN_TOKEN);
    keep('password', PASSWORD);
    const web = await json(
      adminFetch({ url: server.url }, 'POST', '/admin/clients', {
        client_name: 'Logged RP',
        redirect_uris: [REDIRECT_URI],
        post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        allowed_scopes: ['openid', 'profile', 'offline_access'],
        consent_policy: 'always',
      }),
    );
    const device = await json(
      adminFetch({ url: server.url }, 'POST', '/admin/clients', {
        client_name: 'Logged TV',
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
        token_endpoint_auth_method: 'none',
        allowed_scopes: ['openid'],
      }),
    );
    const webClient = web.client as unknown as { client_id: string };
    s = {
      url: server.url,
      web: { clientId: webClient.client_id, clientSecret: keep('client secret', web.client_secret) },
      device: { clientId: (device.client as unknown as { client_id: string }).client_id },
    };
    expect((await adminFetch(s, 'POST', '/admin/users', { username: USERNAME, password: PASSWORD })).status).toBe(201);
    // The admin API never grants the legacy password grant; an operator's SQL does.
    const db = new Client({ connectionString: databaseUrl(database) });
    await db.connect();
    await db.query(`UPDATE clients SET grant_types = grant_types || '{password}' WHERE client_id = $1`, [
      s.web.clientId,
    ]);
    await db.end();
  });
  afterAll(async () => {
    await server?.stop();
    if (database) await dropTestDatabase(database);
  });

  it('for client credentials, the password grant, refresh, userinfo, introspection and revocation', async () => {
    keepTokens('client_credentials', await json(form('/oauth2/token', { grant_type: 'client_credentials' }, asWeb())));
    const signedIn = keepTokens(
      'password grant',
      await json(
        form(
          '/oauth2/token',
          { grant_type: 'password', username: USERNAME, password: PASSWORD, scope: 'openid offline_access' },
          asWeb(),
        ),
      ),
    );
    const refreshed = keepTokens(
      'refresh',
      await json(
        form('/oauth2/token', { grant_type: 'refresh_token', refresh_token: signedIn.refresh_token }, asWeb()),
      ),
    );
    expect(
      (await fetch(`${s.url}/oauth2/userinfo`, { headers: { authorization: `Bearer ${refreshed.access_token}` } }))
        .status,
    ).toBe(200);
    expect((await form('/oauth2/userinfo', { access_token: refreshed.access_token })).status).toBe(200);
    expect((await json(form('/oauth2/introspect', { token: refreshed.access_token }, asWeb()))).active).toBe(true);
    expect((await form('/oauth2/revoke', { token: refreshed.refresh_token }, asWeb())).status).toBe(200);
  });

  it('for failures: a wrong client secret, a wrong password, an unknown user, a bad token', async () => {
    const wrongSecret = keep('wrong client secret', `${s.web.clientSecret.slice(0, -4)}nope`);
    const refused = await form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(s.web.clientId, wrongSecret),
      },
    );
    expect(refused.status).toBe(401);
    const wrongPassword = keep('wrong password', 'Tr0ub4dor&3-not-it');
    expect(
      (await form('/oauth2/token', { grant_type: 'password', username: USERNAME, password: wrongPassword }, asWeb()))
        .status,
    ).toBe(400);
    const login = await openLoginForm(s);
    keep('CSRF token', login.csrf);
    expect(
      (await login.jar.post(login.url, { csrf: login.csrf, login: 'nobody-here', password: wrongPassword })).status,
    ).toBe(401);
    expect(
      (await login.jar.post(login.url, { csrf: login.csrf, login: USERNAME, password: wrongPassword })).status,
    ).toBe(401);
    const forged = keep('forged access token', 'forged-access-token-0123456789');
    expect((await fetch(`${s.url}/oauth2/userinfo`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(
      401,
    );
  });

  it('for the code flow in a browser, its code, session and logout with an id_token_hint', async () => {
    const consent = await openConsentForm(s);
    keep('CSRF token', consent.csrf);
    keep('session cookie', consent.jar.cookieHeader());
    const answer = await consent.jar.post(consent.url, { csrf: consent.csrf, decision: 'allow' });
    const code = keep('authorization code', new URL(answer.headers.get('location')!).searchParams.get('code'));
    const tokens = keepTokens(
      'code flow',
      await json(
        form(
          '/oauth2/token',
          {
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: keep('PKCE verifier', CODE_VERIFIER),
          },
          asWeb(),
        ),
      ),
    );
    const logout = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI,
    });
    expect((await consent.jar.fetch(`${s.url}/oauth2/logout?${logout}`)).status).toBe(303);
  });

  it('for the device flow: device code, user code and the verification pages', async () => {
    const started = await json(form('/oauth2/device_authorization', { client_id: s.device.clientId, scope: 'openid' }));
    keep('device code', started.device_code);
    keep('user code', started.user_code);
    const page = await openDeviceForm(s, new CookieJar());
    keep('CSRF token', page.csrf);
    const entered = await page.jar.post(page.url, { _csrf: page.csrf, user_code: started.user_code });
    expect(entered.headers.get('location')).toMatch(/\/oauth2\/device\/login$/);
    const csrf = keep(
      'CSRF token',
      csrfField(await (await page.jar.fetch(`${s.url}/oauth2/device/login`)).text(), 'csrf'),
    );
    expect(
      (await page.jar.post(`${s.url}/oauth2/device/login`, { csrf, login: USERNAME, password: PASSWORD })).status,
    ).toBe(303);
    const poll = await json(
      form('/oauth2/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: s.device.clientId,
        device_code: started.device_code,
      }),
    );
    expect(poll.error).toBe('authorization_pending');
  });

  it('for registration, its management, and the admin API', async () => {
    const registered = await json(
      fetch(`${s.url}/oauth2/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Registered', redirect_uris: ['https://registered.example.com/cb'] }),
      }),
    );
    keep('registered client secret', registered.client_secret);
    const rat = keep('registration access token', registered.registration_access_token);
    expect(
      (await fetch(registered.registration_client_uri, { headers: { authorization: `Bearer ${rat}` } })).status,
    ).toBe(200);

    keep(
      'rotated client secret',
      (await json(adminFetch(s, 'POST', `/admin/clients/${s.web.clientId}/secret`))).client_secret,
    );
    keep(
      'initial access token',
      (await json(adminFetch(s, 'POST', '/admin/initial-access-tokens', { description: 'x' }))).token,
    );
    keep('admin credential', (await json(adminFetch(s, 'POST', '/admin/credentials', { name: 'ci' }))).token);
    expect((await adminFetch(s, 'GET', '/admin/audit-events?type=security.*')).status).toBe(200);
  });

  it('appears nowhere in what the process wrote', async () => {
    const output = server.output();
    expect(output).toContain('"req":{'); // the requests were logged
    const leaked = [...secrets].filter(([, value]) => output.includes(value)).map(([what]) => what);
    expect(leaked).toEqual([]);
    expect(secrets.size).toBeGreaterThan(25);
  });
});
