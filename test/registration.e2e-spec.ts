import { randomUUID } from 'node:crypto';
import { ClientAuthenticator } from '../src/clients/client-authenticator';
import { InitialAccessTokenService } from '../src/registration/initial-access-token.service';
import { hashToken } from '../src/token/opaque-token';
import { startTestApp, TestApp } from './support/test-app';

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

const EC_PUBLIC_JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};
const WEB_CLIENT = { client_name: 'Web RP', redirect_uris: ['https://rp.example.com/cb'] };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function call(
  t: TestApp,
  method: string,
  path: string,
  options: { json?: unknown; body?: string; contentType?: string; token?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  let body = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`${t.url}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
}

const register = (t: TestApp, metadata: unknown, token?: string) =>
  call(t, 'POST', '/oauth2/register', { json: metadata, token });
const configurationPath = (clientId: unknown) => `/oauth2/register/${encodeURIComponent(String(clientId))}`;

async function clientCount(t: TestApp): Promise<number> {
  const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM clients');
  return n;
}

async function clientRow(t: TestApp, clientId: unknown): Promise<Json | undefined> {
  const [row] = await t.dataSource.query('SELECT * FROM clients WHERE client_id = $1', [clientId]);
  return row;
}

describe('dynamic client registration (RFC 7591, RFC 7592)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('registration', () => {
    it('announces the registration endpoint in discovery', async () => {
      const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Json;
      expect(doc.registration_endpoint).toBe(`${t.url}/oauth2/register`);
    });

    it('registers a confidential client with every metadata field and a secret that authenticates', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await register(t, {
        ...WEB_CLIENT,
        post_logout_redirect_uris: ['https://rp.example.com/logged-out'],
        scope: 'openid profile email',
        logo_uri: 'https://rp.example.com/logo.png',
        client_uri: 'https://rp.example.com',
        policy_uri: 'https://rp.example.com/privacy',
        tos_uri: 'https://rp.example.com/terms',
        contacts: ['ops@rp.example.com'],
        software_id: '4NRB1-0XZABZI9E6-5SM3R',
        software_version: '2.1',
        application_type: 'web',
        id_token_signed_response_alg: 'RS256',
        initiate_login_uri: 'https://rp.example.com/login?from=idp',
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('pragma')).toBe('no-cache');
      const { client_id, client_secret, registration_access_token, client_id_issued_at, ...rest } = res.body;
      expect(client_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(String(client_secret), 'base64url')).toHaveLength(32);
      expect(registration_access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(client_id_issued_at).toBeGreaterThanOrEqual(before - 1);
      expect(client_id_issued_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
      expect(rest).toEqual({
        client_secret_expires_at: 0,
        registration_client_uri: `${t.url}/oauth2/register/${client_id}`,
        client_name: 'Web RP',
        redirect_uris: ['https://rp.example.com/cb'],
        post_logout_redirect_uris: ['https://rp.example.com/logged-out'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        scope: 'openid profile email',
        token_endpoint_auth_method: 'client_secret_basic',
        logo_uri: 'https://rp.example.com/logo.png',
        client_uri: 'https://rp.example.com',
        policy_uri: 'https://rp.example.com/privacy',
        tos_uri: 'https://rp.example.com/terms',
        contacts: ['ops@rp.example.com'],
        software_id: '4NRB1-0XZABZI9E6-5SM3R',
        software_version: '2.1',
        // OIDC Registration §2: the server's default, always said.
        subject_type: 'public',
        application_type: 'web',
        // OIDC Registration §2: registered, and one of the algs this server signs with.
        id_token_signed_response_alg: 'RS256',
        // OIDC Registration §2, OIDC Core §4: kept and echoed.
        initiate_login_uri: 'https://rp.example.com/login?from=idp',
      });

      const row = (await clientRow(t, client_id))!;
      expect(row.client_secret_hash).toBe(hashToken(String(client_secret)));
      expect(row.registration_access_token_hash).toBe(hashToken(String(registration_access_token)));
      expect(JSON.stringify(row)).not.toContain(client_secret);
      expect(JSON.stringify(row)).not.toContain(registration_access_token);
      expect(row).toMatchObject({
        // REGISTRATION_CONSENT_POLICY's default: asked once, remembered (prompt=none can then succeed).
        consent_policy: 'once',
        // RFC 9700 §2.1.1: a confidential OpenID client may rely on nonce; PKCE is enforced when sent.
        require_pkce: false,
        allow_plain_pkce: false,
        is_resource_server: false,
        default_scopes: ['openid'],
        initiate_login_uri: 'https://rp.example.com/login?from=idp',
        token_endpoint_auth_signing_alg: null,
      });

      const authenticated = await t.app
        .get(ClientAuthenticator)
        .authenticate({ headers: { authorization: basic(String(client_id), String(client_secret)) }, body: {} }, [
          `${t.url}/oauth2/token`,
        ]);
      expect(authenticated.clientId).toBe(client_id);
    });

    it('registers a public native client with no secret, PKCE required and the standard OpenID scopes', async () => {
      const res = await register(t, {
        client_name: 'Native app',
        redirect_uris: ['http://127.0.0.1:8080/cb', 'http://[::1]/cb', 'http://localhost/cb', 'com.example.app:/cb'],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      });
      expect(res.status).toBe(201);
      expect(res.body).not.toHaveProperty('client_secret');
      expect(res.body).not.toHaveProperty('client_secret_expires_at');
      expect(res.body).toMatchObject({
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // RFC 7591 §2: without scope, REGISTRATION_DEFAULT_SCOPES.
        scope: 'openid profile email address phone offline_access',
      });
      const row = (await clientRow(t, res.body.client_id))!;
      expect(row).toMatchObject({
        client_secret_hash: null,
        require_pkce: true,
        consent_policy: 'once',
        default_scopes: ['openid'],
      });
    });

    it('registers application_type (OIDC Registration §2): a web client on localhost without the implicit flow, a native one with it', async () => {
      const everyFlow = {
        redirect_uris: ['http://127.0.0.1:8080/cb'],
        grant_types: ['authorization_code', 'implicit'],
        response_types: ['code', 'id_token', 'code id_token'],
      };
      const web = await register(t, everyFlow);
      expect(web.status).toBe(201);
      expect(web.body).toMatchObject({
        application_type: 'web',
        response_types: ['code'],
        grant_types: ['authorization_code'],
      });
      const native = await register(t, { ...everyFlow, application_type: 'native' });
      expect(native.status).toBe(201);
      expect(native.body).toMatchObject({
        application_type: 'native',
        response_types: ['code', 'id_token', 'code id_token'],
      });
      expect((await clientRow(t, native.body.client_id))!.application_type).toBe('native');
      const read = await call(t, 'GET', configurationPath(native.body.client_id), {
        token: String(native.body.registration_access_token),
      });
      expect(read.body.application_type).toBe('native');
    });

    it('names the client after its client_id when no client_name is given', async () => {
      const res = await register(t, { redirect_uris: ['https://rp.example.com/cb'] });
      expect(res.status).toBe(201);
      expect(res.body.client_name).toBe(res.body.client_id);
    });

    it('registers a private_key_jwt client with inline keys, and a machine client without redirects', async () => {
      const pkj = await register(t, {
        ...WEB_CLIENT,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [EC_PUBLIC_JWK] },
      });
      expect(pkj.status).toBe(201);
      expect(pkj.body).not.toHaveProperty('client_secret');
      expect(pkj.body.jwks).toEqual({ keys: [EC_PUBLIC_JWK] });

      const machine = await register(t, { client_name: 'Batch job', grant_types: ['client_credentials'] });
      expect(machine.status).toBe(201);
      expect(machine.body).toMatchObject({
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      });
      expect(machine.body.client_secret).toEqual(expect.any(String));
    });

    it('registers token_endpoint_auth_signing_alg with either JWT method, echoes it and shows it to RFC 7592 reads', async () => {
      const hmac = await register(t, {
        ...WEB_CLIENT,
        token_endpoint_auth_method: 'client_secret_jwt',
        token_endpoint_auth_signing_alg: 'HS256',
        initiate_login_uri: 'https://rp.example.com/login',
      });
      expect(hmac.status).toBe(201);
      expect(hmac.body).toMatchObject({
        token_endpoint_auth_method: 'client_secret_jwt',
        token_endpoint_auth_signing_alg: 'HS256',
        initiate_login_uri: 'https://rp.example.com/login',
      });
      expect(await clientRow(t, hmac.body.client_id)).toMatchObject({
        token_endpoint_auth_signing_alg: 'HS256',
        initiate_login_uri: 'https://rp.example.com/login',
      });
      const read = await call(t, 'GET', configurationPath(hmac.body.client_id), {
        token: String(hmac.body.registration_access_token),
      });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        token_endpoint_auth_signing_alg: 'HS256',
        initiate_login_uri: 'https://rp.example.com/login',
      });

      const keys = await register(t, {
        ...WEB_CLIENT,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [EC_PUBLIC_JWK] },
        token_endpoint_auth_signing_alg: 'ES256',
      });
      expect(keys.status).toBe(201);
      expect(keys.body.token_endpoint_auth_signing_alg).toBe('ES256');
      expect(keys.body).not.toHaveProperty('initiate_login_uri');

      // Beside a method that signs no JWT (a library's default), it means nothing: ignored, not echoed.
      const basic = await register(t, { ...WEB_CLIENT, token_endpoint_auth_signing_alg: 'RS256' });
      expect(basic.status).toBe(201);
      expect(basic.body).not.toHaveProperty('token_endpoint_auth_signing_alg');
      expect(await clientRow(t, basic.body.client_id)).toMatchObject({ token_endpoint_auth_signing_alg: null });
    });

    it('gives 20 concurrent registrations 20 distinct clients', async () => {
      const before = await clientCount(t);
      const answers = await Promise.all(Array.from({ length: 20 }, () => register(t, WEB_CLIENT)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
      expect(new Set(answers.map((a) => a.body.client_id)).size).toBe(20);
      expect(new Set(answers.map((a) => a.body.registration_access_token)).size).toBe(20);
      expect(await clientCount(t)).toBe(before + 20);
    });
  });

  describe('refused registrations store nothing', () => {
    const deeplyNested = `{"client_name":"x","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;

    it.each<[string, { json?: unknown; body?: string; contentType?: string }, number, string, RegExp]>([
      ['malformed JSON', { body: '{"client_name": "x",' }, 400, 'invalid_request', /JSON/],
      [
        'a form-encoded body',
        {
          body: 'client_name=x&redirect_uris=https%3A%2F%2Frp.example.com%2Fcb',
          contentType: 'application/x-www-form-urlencoded',
        },
        400,
        'invalid_request',
        /application\/json/,
      ],
      [
        'a body over 64 kB',
        { json: { ...WEB_CLIENT, padding: 'x'.repeat(70_000) } },
        413,
        'invalid_request',
        /too large/,
      ],
      ['deeply nested JSON', { body: deeplyNested }, 400, 'invalid_client_metadata', /nested/],
      ['a JSON array', { json: [WEB_CLIENT] }, 400, 'invalid_client_metadata', /JSON object/],
      [
        'a redirect URI with a fragment',
        { json: { redirect_uris: ['https://rp.example.com/cb#x'] } },
        400,
        'invalid_redirect_uri',
        /redirect_uris: .*fragment/,
      ],
      [
        'http on a public host',
        { json: { redirect_uris: ['http://rp.example.com/cb'] } },
        400,
        'invalid_redirect_uri',
        /redirect_uris: .*https/,
      ],
      [
        'an unknown application_type',
        { json: { ...WEB_CLIENT, application_type: 'desktop' } },
        400,
        'invalid_client_metadata',
        /application_type/,
      ],
      [
        'a web client of the implicit flow alone on localhost (OIDC Registration §2)',
        {
          json: {
            redirect_uris: ['http://localhost:8080/cb'],
            grant_types: ['implicit'],
            response_types: ['id_token'],
          },
        },
        400,
        'invalid_redirect_uri',
        /https URL for a web client of the implicit flow/,
      ],
      [
        'a relative redirect URI',
        { json: { redirect_uris: ['/cb'] } },
        400,
        'invalid_redirect_uri',
        /redirect_uris: .*absolute/,
      ],
      [
        'the javascript: scheme',
        { json: { redirect_uris: ['javascript:alert(1)'] } },
        400,
        'invalid_redirect_uri',
        /javascript/,
      ],
      [
        'a post-logout redirect URI on plain http',
        { json: { ...WEB_CLIENT, post_logout_redirect_uris: ['http://rp.example.com/bye'] } },
        400,
        'invalid_redirect_uri',
        /post_logout_redirect_uris/,
      ],
      [
        'no redirect URI for the code grant',
        { json: { client_name: 'x' } },
        400,
        'invalid_redirect_uri',
        /redirect_uris/,
      ],
      [
        'response types that do not match the grant types',
        { json: { ...WEB_CLIENT, grant_types: ['authorization_code'], response_types: ['id_token'] } },
        400,
        'invalid_client_metadata',
        /response_types/,
      ],
      [
        'the password grant',
        { json: { ...WEB_CLIENT, grant_types: ['authorization_code', 'password'] } },
        400,
        'invalid_client_metadata',
        /password/,
      ],
      [
        'client_credentials for a public client',
        { json: { grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' } },
        400,
        'invalid_client_metadata',
        /client_credentials/,
      ],
      [
        'refresh_token without a grant that yields one',
        { json: { grant_types: ['client_credentials', 'refresh_token'] } },
        400,
        'invalid_client_metadata',
        /refresh_token/,
      ],
      [
        'both jwks and jwks_uri',
        { json: { ...WEB_CLIENT, jwks: { keys: [EC_PUBLIC_JWK] }, jwks_uri: 'https://rp.example.com/jwks' } },
        400,
        'invalid_client_metadata',
        /jwks/,
      ],
      [
        'private_key_jwt without keys',
        { json: { ...WEB_CLIENT, token_endpoint_auth_method: 'private_key_jwt' } },
        400,
        'invalid_client_metadata',
        /private_key_jwt/,
      ],
      [
        'a jwks_uri the server would fetch from its own network',
        { json: { ...WEB_CLIENT, token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://127.0.0.1/jwks' } },
        400,
        'invalid_client_metadata',
        /jwks_uri/,
      ],
      [
        'a private key in jwks',
        { json: { ...WEB_CLIENT, jwks: { keys: [{ ...EC_PUBLIC_JWK, d: 'secret' }] } } },
        400,
        'invalid_client_metadata',
        /public keys only/,
      ],
      [
        'an unknown token_endpoint_auth_method',
        { json: { ...WEB_CLIENT, token_endpoint_auth_method: 'tls_client_auth' } },
        400,
        'invalid_client_metadata',
        /token_endpoint_auth_method/,
      ],
      [
        'an initiate_login_uri on plain http (OIDC Registration §2: https)',
        { json: { ...WEB_CLIENT, initiate_login_uri: 'http://rp.example.com/login' } },
        400,
        'invalid_client_metadata',
        /^initiate_login_uri must be an https URL/,
      ],
      [
        'a relative initiate_login_uri',
        { json: { ...WEB_CLIENT, initiate_login_uri: '/login' } },
        400,
        'invalid_client_metadata',
        /^initiate_login_uri must be an https URL/,
      ],
      [
        'an initiate_login_uri with a fragment',
        { json: { ...WEB_CLIENT, initiate_login_uri: 'https://rp.example.com/login#now' } },
        400,
        'invalid_client_metadata',
        /^initiate_login_uri must not contain a fragment$/,
      ],
      [
        'an HMAC token_endpoint_auth_signing_alg for private_key_jwt',
        {
          json: {
            ...WEB_CLIENT,
            token_endpoint_auth_method: 'private_key_jwt',
            jwks: { keys: [EC_PUBLIC_JWK] },
            token_endpoint_auth_signing_alg: 'HS256',
          },
        },
        400,
        'invalid_client_metadata',
        /^token_endpoint_auth_signing_alg must be one of RS256, .* for private_key_jwt$/,
      ],
      [
        'an asymmetric token_endpoint_auth_signing_alg for client_secret_jwt',
        {
          json: {
            ...WEB_CLIENT,
            token_endpoint_auth_method: 'client_secret_jwt',
            token_endpoint_auth_signing_alg: 'PS256',
          },
        },
        400,
        'invalid_client_metadata',
        /^token_endpoint_auth_signing_alg must be one of HS256, HS384, HS512 for client_secret_jwt$/,
      ],
      [
        'token_endpoint_auth_signing_alg none',
        {
          json: {
            ...WEB_CLIENT,
            token_endpoint_auth_method: 'client_secret_jwt',
            token_endpoint_auth_signing_alg: 'none',
          },
        },
        400,
        'invalid_client_metadata',
        /^token_endpoint_auth_signing_alg must be one of the following values: HS256/,
      ],
      [
        'an unknown scope',
        { json: { ...WEB_CLIENT, scope: 'openid launch-missiles' } },
        400,
        'invalid_client_metadata',
        /scope: .*launch-missiles/,
      ],
      ['the admin scope', { json: { ...WEB_CLIENT, scope: 'openid admin' } }, 400, 'invalid_client_metadata', /admin/],
      [
        'a redirect_uris string instead of a list',
        { json: { redirect_uris: 'https://rp.example.com/cb' } },
        400,
        'invalid_client_metadata',
        /redirect_uris/,
      ],
      [
        'a logo_uri that is not a URL',
        { json: { ...WEB_CLIENT, logo_uri: 'logo.png' } },
        400,
        'invalid_client_metadata',
        /logo_uri/,
      ],
      [
        'a client_name of 256 characters',
        { json: { ...WEB_CLIENT, client_name: 'n'.repeat(256) } },
        400,
        'invalid_client_metadata',
        /client_name/,
      ],
    ])('refuses %s', async (_what, request, status, error, description) => {
      const before = await clientCount(t);
      const res = await call(t, 'POST', '/oauth2/register', request);
      expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
      expect(res.body.error_description).toMatch(description);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await clientCount(t)).toBe(before);
    });
  });

  describe('management with the registration access token', () => {
    let client: Json;
    let other: Json;
    const tokenOf = (c: Json) => String(c.registration_access_token);

    beforeAll(async () => {
      client = (
        await register(t, {
          ...WEB_CLIENT,
          logo_uri: 'https://rp.example.com/logo.png',
          contacts: ['a@rp.example.com'],
        })
      ).body;
      other = (await register(t, { ...WEB_CLIENT, client_name: 'Other RP' })).body;
    });

    it('reads the registration without the secret, with the token it was read with (RFC 7592 §3)', async () => {
      const res = await call(t, 'GET', configurationPath(client.client_id), { token: tokenOf(client) });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { client_secret: _secret, ...metadata } = client;
      expect(res.body).toEqual(metadata);
    });

    it.each<[string, () => { path: string; token?: string }]>([
      ['no token', () => ({ path: configurationPath(client.client_id) })],
      ['a wrong token', () => ({ path: configurationPath(client.client_id), token: 'not-the-token' })],
      ["another client's token", () => ({ path: configurationPath(client.client_id), token: tokenOf(other) })],
      ['a client that does not exist', () => ({ path: configurationPath('no-such-client'), token: tokenOf(client) })],
      [
        'the client secret instead of the token',
        () => ({ path: configurationPath(client.client_id), token: String(client.client_secret) }),
      ],
    ])('answers 401 invalid_token to %s, for every method', async (_what, target) => {
      const { path, token } = target();
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await call(t, method, path, {
          token,
          json: method === 'PUT' ? { ...WEB_CLIENT, client_id: client.client_id } : undefined,
        });
        expect({ method, status: res.status, error: res.body.error }).toEqual({
          method,
          status: 401,
          error: 'invalid_token',
        });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      }
      expect(await clientRow(t, client.client_id)).toMatchObject({ client_name: 'Web RP' });
    });

    it('replaces the registration on PUT: omitted fields are removed, the secret and the token stay (the token shown)', async () => {
      const res = await call(t, 'PUT', configurationPath(client.client_id), {
        token: tokenOf(client),
        json: {
          client_id: client.client_id,
          client_secret: client.client_secret,
          client_name: 'Web RP, renamed',
          redirect_uris: ['https://rp.example.com/cb2'],
          scope: 'openid email',
          registration_access_token: 'ignored',
          client_id_issued_at: 1,
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).not.toHaveProperty('client_secret');
      expect(res.body.registration_access_token).toBe(tokenOf(client));
      expect(res.body).not.toHaveProperty('logo_uri');
      expect(res.body).not.toHaveProperty('contacts');
      expect(res.body).toMatchObject({
        client_id: client.client_id,
        client_id_issued_at: client.client_id_issued_at,
        client_secret_expires_at: 0,
        client_name: 'Web RP, renamed',
        redirect_uris: ['https://rp.example.com/cb2'],
        scope: 'openid email',
      });
      const row = (await clientRow(t, client.client_id))!;
      expect(row.client_secret_hash).toBe(hashToken(String(client.client_secret)));
      expect(row.registration_access_token_hash).toBe(hashToken(tokenOf(client)));
      expect(row.logo_uri).toBeNull();
    });

    it('sets initiate_login_uri and token_endpoint_auth_signing_alg on PUT, and removes them when omitted', async () => {
      const rp = (await register(t, WEB_CLIENT)).body;
      const put = (json: Json) =>
        call(t, 'PUT', configurationPath(rp.client_id), {
          token: tokenOf(rp),
          json: { client_id: rp.client_id, ...json },
        });
      const set = await put({
        ...WEB_CLIENT,
        token_endpoint_auth_method: 'client_secret_jwt',
        token_endpoint_auth_signing_alg: 'HS384',
        initiate_login_uri: 'https://rp.example.com/start',
      });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        token_endpoint_auth_signing_alg: 'HS384',
        initiate_login_uri: 'https://rp.example.com/start',
      });
      const shown = await call(t, 'GET', configurationPath(rp.client_id), { token: tokenOf(rp) });
      expect(shown.body).toMatchObject({
        token_endpoint_auth_signing_alg: 'HS384',
        initiate_login_uri: 'https://rp.example.com/start',
      });

      const omitted = await put({ ...WEB_CLIENT, token_endpoint_auth_method: 'client_secret_jwt' });
      expect(omitted.status).toBe(200);
      expect(omitted.body).not.toHaveProperty('token_endpoint_auth_signing_alg');
      expect(omitted.body).not.toHaveProperty('initiate_login_uri');
      expect(await clientRow(t, rp.client_id)).toMatchObject({
        token_endpoint_auth_signing_alg: null,
        initiate_login_uri: null,
      });
    });

    it('issues a secret on PUT only when the client moves to a secret-based method', async () => {
      const path = configurationPath(other.client_id);
      const toPublic = await call(t, 'PUT', path, {
        token: tokenOf(other),
        json: { ...WEB_CLIENT, client_id: other.client_id, token_endpoint_auth_method: 'none' },
      });
      expect(toPublic.status).toBe(200);
      expect(toPublic.body).not.toHaveProperty('client_secret');
      expect(toPublic.body).not.toHaveProperty('client_secret_expires_at');
      expect((await clientRow(t, other.client_id))!.client_secret_hash).toBeNull();

      const toPost = await call(t, 'PUT', path, {
        token: tokenOf(other),
        json: { ...WEB_CLIENT, client_id: other.client_id, token_endpoint_auth_method: 'client_secret_post' },
      });
      expect(toPost.status).toBe(200);
      expect(toPost.body.client_secret).toEqual(expect.any(String));
      expect(toPost.body.client_secret).not.toBe(other.client_secret);
      expect((await clientRow(t, other.client_id))!.client_secret_hash).toBe(
        hashToken(String(toPost.body.client_secret)),
      );
    });

    it.each<[string, (c: Json) => Json, string, RegExp]>([
      ['no client_id', () => ({ ...WEB_CLIENT }), 'invalid_client_metadata', /client_id/],
      [
        'another client_id',
        () => ({ ...WEB_CLIENT, client_id: 'someone-else' }),
        'invalid_client_metadata',
        /client_id/,
      ],
      [
        'a client_secret of its own choosing',
        (c) => ({ ...WEB_CLIENT, client_id: c.client_id, client_secret: 'chosen' }),
        'invalid_client_metadata',
        /client_secret/,
      ],
      [
        'an invalid redirect URI',
        (c) => ({ client_id: c.client_id, redirect_uris: ['http://rp.example.com/cb'] }),
        'invalid_redirect_uri',
        /https/,
      ],
      [
        'an initiate_login_uri on plain http',
        (c) => ({ ...WEB_CLIENT, client_id: c.client_id, initiate_login_uri: 'http://rp.example.com/login' }),
        'invalid_client_metadata',
        /initiate_login_uri must be an https URL/,
      ],
      [
        'a token_endpoint_auth_signing_alg of the other family than its method',
        (c) => ({
          ...WEB_CLIENT,
          client_id: c.client_id,
          token_endpoint_auth_method: 'client_secret_jwt',
          token_endpoint_auth_signing_alg: 'RS256',
        }),
        'invalid_client_metadata',
        /token_endpoint_auth_signing_alg must be one of HS256, HS384, HS512 for client_secret_jwt/,
      ],
      [
        'the password grant',
        (c) => ({ ...WEB_CLIENT, client_id: c.client_id, grant_types: ['password'] }),
        'invalid_client_metadata',
        /password/,
      ],
      [
        'an unknown scope',
        (c) => ({ ...WEB_CLIENT, client_id: c.client_id, scope: 'nope' }),
        'invalid_client_metadata',
        /nope/,
      ],
    ])('refuses a PUT with %s and changes nothing', async (_what, body, error, description) => {
      const before = await clientRow(t, client.client_id);
      const res = await call(t, 'PUT', configurationPath(client.client_id), {
        token: tokenOf(client),
        json: body(client),
      });
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error });
      expect(res.body.error_description).toMatch(description);
      expect(await clientRow(t, client.client_id)).toEqual(before);
    });

    it('refuses a form-encoded PUT', async () => {
      const res = await call(t, 'PUT', configurationPath(client.client_id), {
        token: tokenOf(client),
        body: `client_id=${client.client_id}`,
        contentType: 'application/x-www-form-urlencoded',
      });
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'invalid_request' });
    });

    it('deletes the client on DELETE, and with it its grants, codes, tokens and consents', async () => {
      const doomed = (await register(t, WEB_CLIENT)).body;
      const clientId = doomed.client_id;
      const [{ id: userId }] = await t.dataSource.query(`INSERT INTO users (username) VALUES ($1) RETURNING id`, [
        `user-${randomUUID()}`,
      ]);
      const [{ id: grantId }] = await t.dataSource.query(
        `INSERT INTO grants (client_id, user_id, scope) VALUES ($1, $2, '{openid}') RETURNING id`,
        [clientId, userId],
      );
      await t.dataSource.query(
        `INSERT INTO tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at)
         VALUES ($1, 'access_token', $2, $3, $4, '{openid}', now() + interval '1 hour'),
                ($5, 'refresh_token', NULL, $3, $4, '{openid}', now() + interval '1 day')`,
        [hashToken(randomUUID()), grantId, clientId, userId, hashToken(randomUUID())],
      );
      await t.dataSource.query(
        `INSERT INTO authorization_codes (code_hash, grant_id, client_id, user_id, redirect_uri, scope, auth_time, expires_at)
         VALUES ($1, $2, $3, $4, 'https://rp.example.com/cb', '{openid}', now(), now() + interval '1 minute')`,
        [hashToken(randomUUID()), grantId, clientId, userId],
      );
      await t.dataSource.query(`INSERT INTO consents (user_id, client_id, scopes) VALUES ($1, $2, '{openid}')`, [
        userId,
        clientId,
      ]);
      const rowsOf = async () => {
        const counts: Record<string, number> = {};
        for (const table of ['clients', 'grants', 'tokens', 'authorization_codes', 'consents']) {
          const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE client_id = $1`, [
            clientId,
          ]);
          counts[table] = n;
        }
        return counts;
      };
      expect(await rowsOf()).toEqual({ clients: 1, grants: 1, tokens: 2, authorization_codes: 1, consents: 1 });

      const res = await call(t, 'DELETE', configurationPath(clientId), { token: tokenOf(doomed) });
      expect(res.status).toBe(204);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await rowsOf()).toEqual({ clients: 0, grants: 0, tokens: 0, authorization_codes: 0, consents: 0 });

      for (const method of ['GET', 'DELETE']) {
        const again = await call(t, method, configurationPath(clientId), { token: tokenOf(doomed) });
        expect({ status: again.status, error: again.body.error }).toEqual({ status: 401, error: 'invalid_token' });
      }
      const authenticator = t.app.get(ClientAuthenticator);
      await expect(
        authenticator.authenticate(
          { headers: { authorization: basic(String(clientId), String(doomed.client_secret)) }, body: {} },
          [`${t.url}/oauth2/token`],
        ),
      ).rejects.toMatchObject({ error: 'invalid_client' });
    });
  });
});

describe('registration under REGISTRATION_POLICY=initial_access_token', () => {
  let t: TestApp;
  let tokens: InitialAccessTokenService;

  beforeAll(async () => {
    t = await startTestApp({ REGISTRATION_POLICY: 'initial_access_token' });
    tokens = t.app.get(InitialAccessTokenService);
  });
  afterAll(() => t.close());

  async function expectRefused(token: string | undefined): Promise<void> {
    const before = await clientCount(t);
    const res = await register(t, WEB_CLIENT, token);
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 401, error: 'invalid_token' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect(await clientCount(t)).toBe(before);
  }

  it('refuses a registration without an initial access token, or with an unknown one', async () => {
    await expectRefused(undefined);
    await expectRefused('made-up-token');
  });

  it('registers with a valid token, which is single-use by default', async () => {
    const { token, info } = await tokens.issue({ description: 'for the test RP' });
    expect(info).toMatchObject({ uses: 0, maxUses: 1, active: true, revokedAt: null });
    expect(info.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const [row] = await t.dataSource.query('SELECT token_hash FROM initial_access_tokens WHERE id = $1', [info.id]);
    expect(row.token_hash).toBe(hashToken(token));

    const res = await register(t, WEB_CLIENT, token);
    expect(res.status).toBe(201);
    expect(res.body.registration_access_token).toEqual(expect.any(String));
    await expectRefused(token);
    expect((await tokens.list()).find((i) => i.id === info.id)).toMatchObject({ uses: 1, active: false });
  });

  it('does not spend a use on a registration it refuses', async () => {
    const { token, info } = await tokens.issue();
    const bad = await register(t, { redirect_uris: ['http://rp.example.com/cb'] }, token);
    expect(bad.status).toBe(400);
    expect((await tokens.verify(token))?.uses).toBe(0);
    expect((await register(t, WEB_CLIENT, token)).status).toBe(201);
    expect((await tokens.list()).find((i) => i.id === info.id)?.uses).toBe(1);
  });

  it('counts uses up to maxUses, even when they race', async () => {
    const { token } = await tokens.issue({ maxUses: 3 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => register(t, WEB_CLIENT, token)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(3);
  });

  it('refuses a revoked token', async () => {
    const { token, info } = await tokens.issue({ maxUses: null });
    expect((await register(t, WEB_CLIENT, token)).status).toBe(201);
    await tokens.revoke(info.id);
    await tokens.revoke(info.id); // twice is harmless
    await expectRefused(token);
    expect((await tokens.list()).find((i) => i.id === info.id)).toMatchObject({
      active: false,
      revokedAt: expect.any(Date),
    });
  });

  it('refuses an expired token', async () => {
    const { token, info } = await tokens.issue({ expiresAt: new Date(Date.now() + 60_000) });
    await t.dataSource.query(
      `UPDATE initial_access_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [info.id],
    );
    await expectRefused(token);
  });

  it('accepts a token that never expires, and checks what it is asked to issue', async () => {
    const { token } = await tokens.issue({ expiresAt: null, maxUses: null });
    expect((await register(t, WEB_CLIENT, token)).status).toBe(201);
    await expect(tokens.issue({ expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({
      code: 'invalid_initial_access_token_options',
    });
    await expect(tokens.issue({ maxUses: 0 })).rejects.toMatchObject({ code: 'invalid_initial_access_token_options' });
    await expect(tokens.revoke(randomUUID())).rejects.toMatchObject({ code: 'initial_access_token_not_found' });
    await expect(tokens.revoke('not-a-uuid')).rejects.toMatchObject({ code: 'initial_access_token_not_found' });
  });

  it('still manages registered clients with their registration access token alone', async () => {
    const { token } = await tokens.issue();
    const client = (await register(t, WEB_CLIENT, token)).body;
    const res = await call(t, 'GET', configurationPath(client.client_id), {
      token: String(client.registration_access_token),
    });
    expect(res.status).toBe(200);
  });
});
