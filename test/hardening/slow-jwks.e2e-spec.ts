import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { CLIENT_NOT_AUTHENTICATED } from '../../src/clients/client-authenticator';
import { ClientsService } from '../../src/clients/clients.service';
import { JWT_BEARER_ASSERTION_TYPE } from '../../src/clients/presented-credentials';
import { basicAuth, postToken, type HttpResult } from '../support/token-requests';
import { FAULTS, startFaultyServer, type Fault, type FaultyServer } from './support/faulty-server';
import {
  adminFetch,
  JWT_BEARER_GRANT_TYPE,
  openLoginForm,
  startHardeningApp,
  type HardeningApp,
} from './support/hardening-app';

/**
 * jose gives up on a jwks_uri after 3 s (ClientKeySets, TrustedIssuerKeySets), openid-client on
 * an upstream after 5 s (UPSTREAM_TIMEOUT_SECONDS). The bound below leaves room for a loaded
 * machine; what matters is that the caller is answered at all, and soon.
 */
const ANSWERED_WITHIN_MS = 15_000;

describe('a slow or failing remote: jwks_uri of clients and trusted issuers, upstream discovery', () => {
  let t: HardeningApp;
  let remote: FaultyServer;
  let signingKey: CryptoKey;

  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(signingKey);

  /**
   * Runs the request that waits on the remote and, meanwhile, requests that do not: discovery and
   * a client_credentials grant with a secret. Those must be answered while the first still waits.
   */
  const whileWaiting = async <T>(
    waiting: () => Promise<T>,
  ): Promise<{ answer: T; elapsed: number; othersAnsweredFirst: boolean }> => {
    const started = Date.now();
    let settled = false;
    const pending = waiting().finally(() => (settled = true));
    const [discovery, token] = await Promise.all([
      fetch(`${t.url}/.well-known/openid-configuration`),
      postToken(
        t,
        { grant_type: 'client_credentials' },
        { authorization: basicAuth(t.web.clientId, t.web.clientSecret) },
      ),
    ]);
    expect([discovery.status, token.status]).toEqual([200, 200]);
    const othersAnsweredFirst = !settled;
    const answer = await pending;
    return { answer, elapsed: Date.now() - started, othersAnsweredFirst };
  };

  beforeAll(async () => {
    remote = await startFaultyServer();
    // The remote runs on 127.0.0.1, which remote fetches reach only when allowed.
    t = await startHardeningApp({ OUTBOUND_ALLOW: '127.0.0.1' });
    signingKey = (await generateKeyPair('ES256')).privateKey;
    const clients = t.app.get(ClientsService);
    for (const fault of FAULTS) {
      await clients.create({
        clientId: `jwt-client-${FAULTS.indexOf(fault)}`,
        clientName: `Keys that ${fault}`,
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwksUri: remote.url(fault, '/jwks'),
      });
      const issuer = await adminFetch(t, 'POST', '/admin/trusted-issuers', {
        issuer: `https://issuer-${FAULTS.indexOf(fault)}.example`,
        jwks_uri: remote.url(fault, '/jwks'),
        allowed_scopes: ['openid'],
      });
      expect(issuer.status).toBe(201);
      const provider = await adminFetch(t, 'POST', '/admin/upstream-providers', {
        id: `upstream-${FAULTS.indexOf(fault)}`,
        display_name: `Upstream that ${fault}`,
        issuer: remote.url(fault),
        client_id: 'oidc-server',
        client_secret: 'upstream-secret',
      });
      expect(provider.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await remote?.close();
  });

  describe.each(FAULTS)('a remote that %s', (fault: Fault) => {
    const n = FAULTS.indexOf(fault);
    const stalls = fault === 'hangs' || fault === 'drips';
    /** Answered, and soon; while a stalling remote held it, other requests were answered first. */
    const expectBounded = ({ elapsed, othersAnsweredFirst }: { elapsed: number; othersAnsweredFirst: boolean }) => {
      expect(elapsed).toBeLessThan(ANSWERED_WITHIN_MS);
      if (stalls) expect(othersAnsweredFirst).toBe(true);
    };

    it('fails private_key_jwt client authentication with invalid_client, soon, holding up nothing else', async () => {
      const clientId = `jwt-client-${n}`;
      const assertion = await sign({ iss: clientId, sub: clientId, aud: `${t.url}/oauth2/token` });
      const run = await whileWaiting(() =>
        postToken(t, {
          grant_type: 'client_credentials',
          client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
          client_assertion: assertion,
        }),
      );
      expect(run.answer.status).toBe(401);
      // Why the keys did not verify stays with the server (client authentication tells no one how it failed).
      expect(run.answer.body).toEqual({ error: 'invalid_client', error_description: CLIENT_NOT_AUTHENTICATED });
      expectBounded(run);
    });

    it('answers a trusted issuer’s assertion with temporarily_unavailable, soon, holding up nothing else', async () => {
      const assertion = await sign({ iss: `https://issuer-${n}.example`, sub: t.userId, aud: `${t.url}/oauth2/token` });
      const run = await whileWaiting((): Promise<HttpResult> =>
        postToken(
          t,
          { grant_type: JWT_BEARER_GRANT_TYPE, assertion, scope: 'openid' },
          { authorization: basicAuth(t.web.clientId, t.web.clientSecret) },
        ),
      );
      expect([run.answer.status, run.answer.body.error]).toEqual([503, 'temporarily_unavailable']);
      expectBounded(run);
    });

    it('sends a browser back to the login page saying the provider cannot be reached', async () => {
      const login = await openLoginForm(t);
      const run = await whileWaiting(() =>
        login.jar.post(`${login.url.replace(/\/login$/, '')}/federation/upstream-${n}`, { csrf: login.csrf }),
      );
      expect(run.answer.status).toBe(502);
      expect(run.answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await run.answer.text()).toContain(`Upstream that ${fault} cannot be reached right now`);
      expectBounded(run);
    });
  });
});
