import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ClientsService } from '../src/clients/clients.service';
import { JWT_BEARER_ASSERTION_TYPE } from '../src/clients/presented-credentials';
import { isInternalAddress } from '../src/outbound/internal-addresses';
import {
  adminFetch,
  JWT_BEARER_GRANT_TYPE,
  openLoginForm,
  startHardeningApp,
  type HardeningApp,
} from './hardening/support/hardening-app';
import { basicAuth, postToken, type HttpResult } from './support/token-requests';

/**
 * A JWKS (and OpenID configuration) server on every interface that remembers whether anyone
 * ever connected to it: the proof that a refused fetch was refused before the connection.
 */
interface Remote {
  port: number;
  connections: number;
  close(): Promise<void>;
}

async function startRemote(handler: RequestListener): Promise<Remote> {
  const server = createServer(handler);
  const remote: Remote = {
    port: 0,
    connections: 0,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
  server.on('connection', () => remote.connections++);
  await new Promise<void>((ok) => server.listen(0, '0.0.0.0', ok));
  remote.port = (server.address() as AddressInfo).port;
  return remote;
}

describe('remote fetches (jwks_uri, trusted issuers, upstream providers) never reach internal addresses', () => {
  let t: HardeningApp;
  let allowed: HardeningApp;
  let remote: Remote;
  let signingKey: CryptoKey;
  let publicJwk: JWK;

  const keySet = () => JSON.stringify({ keys: [publicJwk] });
  const serve: RequestListener = (req, res) => {
    res.setHeader('content-type', 'application/json');
    // A valid JWK Set padded past the outbound client's 1 MiB limit.
    if (req.url === '/big-jwks') return res.end(keySet().replace('{', `{${' '.repeat(2 * 1024 * 1024)}`));
    res.end(keySet());
  };

  const assertionFor = (clientId: string, app: HardeningApp) =>
    new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(`${app.url}/oauth2/token`)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(signingKey);

  /** client_credentials with nothing but a client assertion: what anyone on the internet can send. */
  const authenticateWithAssertion = async (clientId: string, app = t): Promise<HttpResult> =>
    postToken(app, {
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: await assertionFor(clientId, app),
    });

  const clientWithJwksUri = async (app: HardeningApp, jwksUri: string) => {
    const { client } = await app.app.get(ClientsService).create({
      clientName: `Keys at ${jwksUri}`,
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwksUri,
    });
    return client.clientId;
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    [t, allowed] = await Promise.all([startHardeningApp(), startHardeningApp({ OUTBOUND_ALLOW: '127.0.0.1' })]);
  });
  afterAll(() => Promise.all([t?.close(), allowed?.close()]));
  // A fresh remote for each test: no connection kept alive from an earlier one can be reused.
  beforeEach(async () => (remote = await startRemote(serve)));
  afterEach(() => remote.close());

  it('refuses a dynamically registered jwks_uri whose host name resolves to an internal address', async () => {
    // Registration accepts the name (https, not an IP literal, not "localhost"); only DNS says it is internal.
    const name = hostname();
    const addresses = await lookup(name, { all: true });
    expect(addresses.every((a) => isInternalAddress(a.address))).toBe(true);
    const registered = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Inward keys',
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: `https://${name}:${remote.port}/jwks`,
      }),
    });
    expect(registered.status).toBe(201);
    const { client_id } = (await registered.json()) as { client_id: string };

    const answer = await authenticateWithAssertion(client_id);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(remote.connections).toBe(0);
  });

  it.each([
    ['localhost, a name resolving to loopback', (port: number) => `http://localhost:${port}/jwks`],
    ['an IPv4-mapped IPv6 literal of loopback', (port: number) => `https://[::ffff:127.0.0.1]:${port}/jwks`],
    ['a loopback literal', (port: number) => `http://127.0.0.1:${port}/jwks`],
  ])('refuses a client jwks_uri at %s without opening a connection', async (_what, uri) => {
    const clientId = await clientWithJwksUri(t, uri(remote.port));
    const answer = await authenticateWithAssertion(clientId);
    expect([answer.status, answer.body.error]).toEqual([401, 'invalid_client']);
    expect(remote.connections).toBe(0);
  });

  it('refuses a trusted issuer’s jwks_uri on loopback, answering temporarily_unavailable', async () => {
    const created = await adminFetch(t, 'POST', '/admin/trusted-issuers', {
      issuer: 'https://inward-issuer.example',
      jwks_uri: `http://localhost:${remote.port}/jwks`,
      allowed_scopes: ['openid'],
    });
    expect(created.status).toBe(201);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('https://inward-issuer.example')
      .setSubject(t.userId)
      .setAudience(`${t.url}/oauth2/token`)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(signingKey);
    const answer = await postToken(
      t,
      { grant_type: JWT_BEARER_GRANT_TYPE, assertion, scope: 'openid' },
      { authorization: basicAuth(t.web.clientId, t.web.clientSecret) },
    );
    expect([answer.status, answer.body.error]).toEqual([503, 'temporarily_unavailable']);
    expect(remote.connections).toBe(0);
  });

  it('refuses an upstream provider’s discovery on loopback: the browser is told it cannot be reached', async () => {
    const provider = await adminFetch(t, 'POST', '/admin/upstream-providers', {
      id: 'inward',
      display_name: 'Inward Upstream',
      issuer: `http://localhost:${remote.port}`,
      client_id: 'oidc-server',
      client_secret: 'upstream-secret',
    });
    expect(provider.status).toBe(201);
    const login = await openLoginForm(t);
    const answer = await login.jar.post(`${login.url.replace(/\/login$/, '')}/federation/inward`, { csrf: login.csrf });
    expect(answer.status).toBe(502);
    expect(await answer.text()).toContain('Inward Upstream cannot be reached right now');
    expect(remote.connections).toBe(0);
  });

  it('fetches from an address in OUTBOUND_ALLOW, but no key set larger than the size limit', async () => {
    const ok = await authenticateWithAssertion(
      await clientWithJwksUri(allowed, `http://127.0.0.1:${remote.port}/jwks`),
      allowed,
    );
    expect(ok.status).toBe(200);

    const big = await authenticateWithAssertion(
      await clientWithJwksUri(allowed, `http://127.0.0.1:${remote.port}/big-jwks`),
      allowed,
    );
    expect([big.status, big.body.error]).toEqual([401, 'invalid_client']);
  });
});
