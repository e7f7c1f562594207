import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import { ClientsService } from '../src/clients/clients.service';
import { eventually } from './support/eventually';
import { startTestApp, type TestApp } from './support/test-app';

// client_secret_jwt (RFC 7523 §2.2, OIDC Core §9) with the libraries that send it.
jest.setTimeout(30_000);

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';
const INSECURE = { [oauth.allowInsecureRequests]: true };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('client_secret_jwt', () => {
  let t: TestApp;
  let as: oauth.AuthorizationServer;

  const makeClient = async () => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'HMAC client',
      tokenEndpointAuthMethod: 'client_secret_jwt',
      grantTypes: ['client_credentials'],
    });
    return { clientId: client.clientId, clientSecret: clientSecret! };
  };

  /** oauth4webapi's ClientSecretJwt: HS256 over the secret, aud the issuer, a fresh jti. */
  const clientCredentials = (clientId: string, secret: string) =>
    oauth.clientCredentialsGrantRequest(
      as,
      { client_id: clientId },
      oauth.ClientSecretJwt(secret),
      new URLSearchParams(),
      INSECURE,
    );

  async function postAssertion(assertion: string, path = '/oauth2/token', params: Record<string, string> = {}) {
    const res = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...(path === '/oauth2/token' ? { grant_type: 'client_credentials' } : {}),
        ...params,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  const assertion = (clientId: string, secret: string, jti: string, alg = 'HS256', aud = `${t.url}/oauth2/token`) =>
    new SignJWT({ jti })
      .setProtectedHeader({ alg })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secret));

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    const issuer = new URL(t.url);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, INSECURE));
  });
  afterAll(() => t?.close());

  it('is announced in discovery with its HMAC algs', () => {
    expect(as.token_endpoint_auth_methods_supported).toContain('client_secret_jwt');
    expect(as.token_endpoint_auth_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['HS256', 'HS384', 'HS512', 'ES256']),
    );
  });

  it('authenticates a client by an HS256 assertion (oauth4webapi) and stores the secret encrypted, not in clear', async () => {
    const c = await makeClient();
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      { client_id: c.clientId },
      await clientCredentials(c.clientId, c.clientSecret),
    );
    expect(tokens.token_type).toBe('bearer');
    const [row] = await t.dataSource.query(
      'SELECT client_secret_hash, client_secret_encrypted FROM clients WHERE client_id = $1',
      [c.clientId],
    );
    expect(row.client_secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.client_secret_encrypted).toMatch(/^v1\./);
    expect(row.client_secret_encrypted).not.toContain(c.clientSecret);
  });

  it('works with openid-client, and takes HS384 and HS512 assertions too', async () => {
    const c = await makeClient();
    const config = await oidc.discovery(new URL(t.url), c.clientId, undefined, oidc.ClientSecretJwt(c.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    expect((await oidc.clientCredentialsGrant(config)).access_token).toBeTruthy();
    for (const alg of ['HS384', 'HS512'])
      expect((await postAssertion(await assertion(c.clientId, c.clientSecret, `jti-${alg}`, alg))).status).toBe(200);
  });

  it('refuses an assertion made with another secret', async () => {
    const c = await makeClient();
    const res = await clientCredentials(c.clientId, 'not-the-secret-0123456789abcdef0123456789');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a replayed assertion (the same jti)', async () => {
    const c = await makeClient();
    const once = await assertion(c.clientId, c.clientSecret, 'jti-1');
    expect((await postAssertion(once)).status).toBe(200);
    const replay = await postAssertion(once);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/replay/) });
  });

  it('re-encrypts on rotation: the new secret signs, the old one no longer does', async () => {
    const c = await makeClient();
    const rotated = await t.app.get(ClientsService).rotateSecret(c.clientId);
    expect((await postAssertion(await assertion(c.clientId, rotated, 'after-rotation'))).status).toBe(200);
    expect((await postAssertion(await assertion(c.clientId, c.clientSecret, 'old-secret'))).status).toBe(401);
  });

  it('is created through the admin API, with dpop_bound_access_tokens as well', async () => {
    const res = await fetch(`${t.url}/admin/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': ADMIN_TOKEN },
      body: JSON.stringify({
        client_name: 'admin-made HMAC client',
        token_endpoint_auth_method: 'client_secret_jwt',
        grant_types: ['client_credentials'],
        dpop_bound_access_tokens: true,
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { client: Record<string, unknown>; client_secret: string };
    expect(created.client).toMatchObject({
      token_endpoint_auth_method: 'client_secret_jwt',
      dpop_bound_access_tokens: true,
    });
    const clientId = String(created.client.client_id);
    // Authenticated by its HMAC; refused only for the proof it must send.
    const refused = await postAssertion(await assertion(clientId, created.client_secret, 'admin-made'));
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  describe('token_endpoint_auth_signing_alg (OIDC Registration §2)', () => {
    const registerHmacClient = async (metadata: Record<string, unknown>) => {
      const res = await fetch(`${t.url}/oauth2/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'HMAC RP',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'client_secret_jwt',
          ...metadata,
        }),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as Record<string, string>;
      return { clientId: body.client_id, clientSecret: body.client_secret, registered: body };
    };
    const authFailures = (reason: string) =>
      t.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'security.client_auth_failed' AND details->>'reason' = $1`,
        [reason],
      );

    it('registers it, and then takes only assertions signed with it, as any other failure is refused', async () => {
      const c = await registerHmacClient({ token_endpoint_auth_signing_alg: 'HS256' });
      expect(c.registered.token_endpoint_auth_signing_alg).toBe('HS256');

      for (const alg of ['HS384', 'HS512']) {
        const refused = await postAssertion(await assertion(c.clientId, c.clientSecret, `refused-${alg}`, alg));
        // The same answer as for a wrong secret: what the client registered is not told to whoever asks.
        expect(refused).toEqual({
          status: 401,
          body: { error: 'invalid_client', error_description: 'client authentication failed' },
        });
        const reason = `client assertion rejected: it is signed with ${alg}, not HS256, the client's token_endpoint_auth_signing_alg`;
        await eventually(async () => expect(await authFailures(reason)).toHaveLength(1));
      }
      expect((await postAssertion(await assertion(c.clientId, c.clientSecret, 'accepted'))).status).toBe(200);
    });

    it('holds the client to it at introspection too, where the assertion is verified the same way', async () => {
      const c = await registerHmacClient({ token_endpoint_auth_signing_alg: 'HS512' });
      const introspect = (alg: string, jti: string) =>
        assertion(c.clientId, c.clientSecret, jti, alg, t.url).then((a) =>
          postAssertion(a, '/oauth2/introspect', { token: 'not-a-token' }),
        );
      expect(await introspect('HS256', 'introspect-hs256')).toMatchObject({
        status: 401,
        body: { error: 'invalid_client' },
      });
      expect(await introspect('HS512', 'introspect-hs512')).toEqual({ status: 200, body: { active: false } });
    });

    it('leaves a client that registered none to any HMAC alg', async () => {
      const c = await registerHmacClient({});
      expect(c.registered).not.toHaveProperty('token_endpoint_auth_signing_alg');
      for (const alg of ['HS256', 'HS384', 'HS512'])
        expect((await postAssertion(await assertion(c.clientId, c.clientSecret, `any-${alg}`, alg))).status).toBe(200);
    });
  });

  it('keeps other clients’ secrets hashed only', async () => {
    const { client } = await t.app.get(ClientsService).create({
      clientName: 'basic client',
      grantTypes: ['client_credentials'],
    });
    const [row] = await t.dataSource.query('SELECT client_secret_encrypted FROM clients WHERE client_id = $1', [
      client.clientId,
    ]);
    expect(row.client_secret_encrypted).toBeNull();
  });

  it('is refused to a private_key_jwt client, whose assertions must be signed with its own key', async () => {
    const { client } = await t.app.get(ClientsService).create({
      clientName: 'key client',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [await exportJWK((await generateKeyPair('ES256')).publicKey)] },
    });
    const res = await postAssertion(await assertion(client.clientId, 'a-guessed-secret-0123456789abcdef0123', 'x'));
    expect(res.status).toBe(401);
  });
});
