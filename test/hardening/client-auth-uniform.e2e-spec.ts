import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ClientsService } from '../../src/clients/clients.service';
import { JWT_BEARER_ASSERTION_TYPE } from '../../src/clients/presented-credentials';
import { startTestApp, type TestApp } from '../support/test-app';
import { basicAuth } from '../support/token-requests';

/** Headers that differ between any two responses, whoever sends them. */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);
const ENDPOINTS: [string, Record<string, string>][] = [
  ['/oauth2/token', { grant_type: 'client_credentials' }],
  ['/oauth2/introspect', { token: 'some-token' }],
  ['/oauth2/revoke', { token: 'some-token' }],
  ['/oauth2/device_authorization', { scope: 'openid' }],
];

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A way of presenting client credentials: extra form parameters and headers. */
interface Credentials {
  params: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * Security review #14, item 10b. RFC 6749 §5.2 invalid_client: the token endpoint, introspection,
 * revocation and device authorization answer an unknown client, a known client using another authentication method
 * than the registered one, and a known client with a wrong secret or signature the same way:
 * the same status, body and headers, whether the fast path or Express answers. Otherwise the
 * answer tells an attacker which client_ids exist and how each authenticates.
 */
describe('client authentication failures all look alike', () => {
  let fast: TestApp;
  let viaExpress: TestApp;
  let clientKey: CryptoKey;
  let foreignKey: CryptoKey;
  // An RSA key, which signs RS256 and PS256 alike: its client registered RS256 alone.
  let pinnedRsaKey: JWK;

  const assertion = async (clientId: string, key: CryptoKey, aud: string) =>
    new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(key);

  async function answer(server: TestApp, path: string, base: Record<string, string>, c: Credentials): Promise<Answer> {
    const res = await fetch(`http://127.0.0.1:${server.config.port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...c.headers },
      body: new URLSearchParams({ ...base, ...c.params }).toString(),
    });
    const headers = Object.fromEntries([...res.headers].filter(([name]) => !PER_RESPONSE.has(name)));
    return { status: res.status, headers, body: await res.text() };
  }

  /** Every way of presenting `kinds` at every endpoint, on both servers, gives one and the same answer. */
  async function expectAllAlike(kinds: Record<string, (aud: string) => Promise<Credentials>>) {
    for (const [path, base] of ENDPOINTS) {
      const answers: [string, Answer][] = [];
      for (const server of [fast, viaExpress])
        for (const [name, credentials] of Object.entries(kinds))
          answers.push([
            `${name} (${server === fast ? 'fast path' : 'express'})`,
            // One issuer for both replicas: an assertion's aud names its endpoint there.
            await answer(server, path, base, await credentials(`${fast.url}${path}`)),
          ]);
      const [, first] = answers[0];
      expect(first.status).toBe(401);
      expect(JSON.parse(first.body)).toEqual({
        error: 'invalid_client',
        error_description: 'client authentication failed',
      });
      // RFC 9110 §15.5.2: every 401 names the scheme, however the credentials came.
      expect(first.headers['www-authenticate']).toBe('Basic realm="oauth2"');
      for (const [name, other] of answers) expect({ [name]: other }).toEqual({ [name]: first });
    }
  }

  beforeAll(async () => {
    // Rate-limit counters would make successive answers differ; they are proven elsewhere.
    const env = { RATE_LIMIT_ENABLED: 'false' };
    fast = await startTestApp(env);
    viaExpress = await startTestApp({ ...env, HTTP_FAST_PATH: 'false', ISSUER: fast.url }, fast.database);
    const clients = fast.app.get(ClientsService);
    const keys = await generateKeyPair('ES256');
    clientKey = keys.privateKey;
    foreignKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const service = { clientName: 'Service', grantTypes: ['client_credentials'], redirectUris: [] };
    // Their secrets are never sent: Basic and the body are one method for them, so only wrong secrets are refused.
    await clients.create({ ...service, clientId: 'basic-client' });
    await clients.create({ ...service, clientId: 'post-client', tokenEndpointAuthMethod: 'client_secret_post' });
    await clients.create({
      ...service,
      clientId: 'jwt-client',
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    const rsa = await generateKeyPair('RS256', { extractable: true });
    pinnedRsaKey = await exportJWK(rsa.privateKey);
    await clients.create({
      ...service,
      clientId: 'jwt-rs256-client',
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [await exportJWK(rsa.publicKey)] },
      tokenEndpointAuthSigningAlg: 'RS256',
    });
    await clients.create({
      clientName: 'SPA',
      clientId: 'public-client',
      redirectUris: ['https://spa.example.com/cb'],
      tokenEndpointAuthMethod: 'none',
    });
  });
  afterAll(async () => {
    await viaExpress?.close();
    await fast?.close();
  });

  it('answers a client_secret in the body alike for an unknown client and for clients registered otherwise', async () => {
    await expectAllAlike({
      'unknown client': async () => ({ params: { client_id: 'nobody', client_secret: 'guess' } }),
      'client_secret_basic client, wrong secret': async () => ({
        params: { client_id: 'basic-client', client_secret: 'guess' },
      }),
      'client_secret_post client, wrong secret': async () => ({
        params: { client_id: 'post-client', client_secret: 'guess' },
      }),
      'private_key_jwt client': async () => ({ params: { client_id: 'jwt-client', client_secret: 'guess' } }),
      'public client': async () => ({ params: { client_id: 'public-client', client_secret: 'guess' } }),
    });
  });

  it('answers HTTP Basic alike for an unknown client and for clients registered otherwise, with the one challenge', async () => {
    await expectAllAlike({
      'unknown client': async () => ({ params: {}, headers: { authorization: basicAuth('nobody', 'guess') } }),
      'client_secret_post client, wrong secret': async () => ({
        params: {},
        headers: { authorization: basicAuth('post-client', 'guess') },
      }),
      'client_secret_basic client, wrong secret': async () => ({
        params: {},
        headers: { authorization: basicAuth('basic-client', 'guess') },
      }),
      'private_key_jwt client': async () => ({
        params: {},
        headers: { authorization: basicAuth('jwt-client', 'guess') },
      }),
    });
  });

  it('answers a client assertion alike for an unknown client, a foreign key, another alg and a client registered otherwise', async () => {
    const asJwt = (clientId: string, key: () => CryptoKey) => async (aud: string) => ({
      params: {
        client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
        client_assertion: await assertion(clientId, key(), aud),
      },
    });
    await expectAllAlike({
      'unknown client': asJwt('nobody', () => clientKey),
      'private_key_jwt client, foreign key': asJwt('jwt-client', () => foreignKey),
      'client_secret_basic client': asJwt('basic-client', () => clientKey),
      // OIDC Registration §2: its own key, but not its token_endpoint_auth_signing_alg.
      'private_key_jwt client, another alg than its registered one': async (aud) => ({
        params: {
          client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
          client_assertion: await new SignJWT({ jti: randomUUID() })
            .setProtectedHeader({ alg: 'PS256' })
            .setIssuer('jwt-rs256-client')
            .setSubject('jwt-rs256-client')
            .setAudience(aud)
            .setIssuedAt()
            .setExpirationTime('2m')
            .sign((await importJWK(pinnedRsaKey, 'PS256')) as CryptoKey),
        },
      }),
    });
  });

  it('answers a bare client_id alike for an unknown client and a confidential one', async () => {
    await expectAllAlike({
      'unknown client': async () => ({ params: { client_id: 'nobody' } }),
      'client_secret_basic client': async () => ({ params: { client_id: 'basic-client' } }),
      'private_key_jwt client': async () => ({ params: { client_id: 'jwt-client' } }),
    });
  });
});
