import { createHash, randomUUID } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { CreateClientInput } from '../src/clients/client-input';
import { TokenTypeUri } from '../src/clients/token-exchange-policy';
import { ApiResourcesService } from '../src/scopes/api-resources/api-resources.service';
import { ScopesService } from '../src/scopes/scopes.service';
import { DeviceUser } from './support/device-user';
import { signInOverHttp } from './support/http-sign-in';
import { postForm } from './support/introspection-requests';
import { startTestApp, type TestApp } from './support/test-app';
import {
  basicAuth,
  createClient,
  createUser,
  getUserinfo,
  relyingParty,
  verifyWithJwks,
  type RegisteredClient,
} from './support/token-requests';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';
const PASSWORD = 'correct horse battery staple';
const REDIRECT_URI = 'https://rp.example.com/cb';
/** Opaque tokens (the client's format), 5-minute tokens, introspected by the orders-api client. */
const ORDERS = 'https://orders.example.com/';
/** JWT access tokens, introspected by the billing-api client. */
const BILLING = 'https://billing.example.com/api';
/** Allowed to the web client, never asked for at its authorization. */
const INVENTORY = 'urn:example:inventory';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const PARTNER = 'https://idp.partner.example';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** The authorization request parameters, `resource` repeated as RFC 8707 §2 lets it be. */
const withResources = (params: Record<string, string>, resources: string[]) => {
  const search = new URLSearchParams(params);
  for (const resource of resources) search.append('resource', resource);
  return search;
};

describe('resource indicators (RFC 8707) and API resources', () => {
  let t: TestApp;
  let aliceId: string;
  /** Service to service: may ask for orders:read and billing:read. */
  let service: RegisteredClient;
  /** Users sign in to it: every grant, every resource. */
  let web: RegisteredClient;
  /** The resource servers' own clients, which introspect. */
  let ordersApi: RegisteredClient;
  let billingApi: RegisteredClient;
  let partnerKey: CryptoKey;
  let partnerJwk: JWK;

  const introspect = async (as: RegisteredClient, token: string) => {
    const res = await postForm(
      t,
      '/oauth2/introspect',
      { token },
      { authorization: basicAuth(as.clientId, as.clientSecret) },
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  const refused = async (promise: Promise<unknown>) => {
    const error = (await promise.then(
      () => {
        throw new Error('the request was not refused');
      },
      (e: unknown) => e,
    )) as oidc.ResponseBodyError;
    expect(error).toBeInstanceOf(oidc.ResponseBodyError);
    return { status: error.status, error: error.error, error_description: error.error_description };
  };
  /** Signs alice in through the authorization endpoint and returns the code's tokens (with `tokenParams` at the token endpoint). */
  async function authorizationCode(
    config: oidc.Configuration,
    resources: string[],
    scope: string,
    tokenParams?: Record<string, string>,
  ) {
    const verifier = oidc.randomPKCECodeVerifier();
    const params = withResources(
      {
        redirect_uri: REDIRECT_URI,
        scope,
        state: 'st',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      },
      resources,
    );
    const callback = await signInOverHttp(oidc.buildAuthorizationUrl(config, params), REDIRECT_URI, 'alice', PASSWORD);
    return oidc.authorizationCodeGrant(
      config,
      callback,
      { pkceCodeVerifier: verifier, expectedState: 'st' },
      tokenParams,
    );
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN, DEVICE_POLLING_INTERVAL: '1', IMPLICIT_ACCESS_TOKENS: 'true' });
    const scopes = t.app.get(ScopesService);
    for (const [name, description] of [
      ['orders:read', 'Read your orders'],
      ['orders:write', 'Place orders for you'],
      ['billing:read', 'See your invoices'],
      ['inventory:read', 'See the stock'],
    ])
      await scopes.create({ name, description });
    aliceId = (await createUser(t, { username: 'alice', password: PASSWORD })).id;

    ordersApi = await createClient(t, { clientId: 'orders-api', grantTypes: ['client_credentials'], redirectUris: [] });
    billingApi = await createClient(t, {
      clientId: 'billing-api',
      grantTypes: ['client_credentials'],
      redirectUris: [],
    });
    const resources = t.app.get(ApiResourcesService);
    await resources.create({
      identifier: ORDERS,
      displayName: 'Orders API',
      scopes: ['orders:read', 'orders:write'],
      accessTokenTtl: 300,
      introspectionClientId: ordersApi.clientId,
    });
    await resources.create({
      identifier: BILLING,
      displayName: 'Billing API',
      scopes: ['billing:read'],
      accessTokenFormat: 'jwt',
      introspectionClientId: billingApi.clientId,
    });
    await resources.create({ identifier: INVENTORY, displayName: 'Inventory', scopes: ['inventory:read'] });

    service = await createClient(t, {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      allowedScopes: ['orders:read', 'billing:read'],
      defaultScopes: ['orders:read'],
    });
    const pair = await generateKeyPair('ES256');
    partnerKey = pair.privateKey;
    partnerJwk = { ...(await exportJWK(pair.publicKey)), kid: 'partner-1', alg: 'ES256', use: 'sig' };
    web = await createClient(t, {
      grantTypes: ['authorization_code', 'refresh_token', 'password', DEVICE_CODE, JWT_BEARER, TOKEN_EXCHANGE],
      allowedScopes: [
        'openid',
        'profile',
        'offline_access',
        'orders:read',
        'orders:write',
        'billing:read',
        'inventory:read',
      ],
      consentPolicy: 'skip',
      tokenExchangePolicy: {
        allowedSubjectTokenTypes: [TokenTypeUri.AccessToken],
        allowedAudiences: [ORDERS, 'legacy-api'],
        allowImpersonation: true,
        allowDelegation: false,
      },
    } as Partial<CreateClientInput>);
  });
  afterAll(() => t.close());

  describe('client credentials', () => {
    it('issues an opaque token for the orders API: its aud, its scopes only, its lifetime', async () => {
      const config = await relyingParty(t, service);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders:read billing:read', resource: ORDERS });
      expect(tokens.scope).toBe('orders:read');
      expect(tokens.expires_in).toBe(300);
      const [row] = await t.dataSource.query('SELECT audience, scope FROM tokens WHERE token_hash = $1', [
        sha256(tokens.access_token),
      ]);
      expect(row).toEqual({ audience: [ORDERS], scope: ['orders:read'] });

      expect(await introspect(ordersApi, tokens.access_token)).toMatchObject({
        active: true,
        aud: ORDERS,
        scope: 'orders:read',
        client_id: service.clientId,
      });
    });

    it('knows at once an API resource another process defined (the CLI), though this one cached the list before', async () => {
      const config = await relyingParty(t, service);
      await oidc.clientCredentialsGrant(config, { resource: ORDERS });
      const REPORTS = 'https://reports.example.com/';
      // What `npm run cli -- api-resources create` writes, from its own process.
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO api_resources (identifier, display_name) VALUES ($1, 'Reports') RETURNING id`,
        [REPORTS],
      );
      await t.dataSource.query(
        `INSERT INTO scopes (name, description, api_resource_id) VALUES ('reports:read', 'Read reports', $1)`,
        [id],
      );
      const reporter = await createClient(t, {
        grantTypes: ['client_credentials'],
        redirectUris: [],
        allowedScopes: ['reports:read'],
      });
      // A miss reads the tables again once the cached list is a second old (a stream of misses costs one query a second).
      await new Promise((r) => setTimeout(r, 1100));
      const tokens = await oidc.clientCredentialsGrant(await relyingParty(t, reporter), {
        scope: 'reports:read',
        resource: REPORTS,
      });
      expect(tokens.scope).toBe('reports:read');
    });

    it("is refused by the other resource's introspection: a token for A is no good at B", async () => {
      const config = await relyingParty(t, service);
      const forOrders = await oidc.clientCredentialsGrant(config, { resource: ORDERS });
      expect(await introspect(billingApi, forOrders.access_token)).toEqual({ active: false });
      const forBilling = await oidc.clientCredentialsGrant(config, { scope: 'billing:read', resource: BILLING });
      expect(await introspect(ordersApi, forBilling.access_token)).toEqual({ active: false });
      expect(await introspect(billingApi, forBilling.access_token)).toMatchObject({ active: true, aud: BILLING });
      // A token for no resource is this server's, not either API's.
      const forNone = await oidc.clientCredentialsGrant(config, { scope: 'orders:read' });
      expect(await introspect(ordersApi, forNone.access_token)).toEqual({ active: false });
    });

    it('issues a JWT for the billing API, which asks for JWTs, with aud the resource (RFC 9068)', async () => {
      const config = await relyingParty(t, service);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'billing:read', resource: BILLING });
      const { payload } = await verifyWithJwks(t, tokens.access_token, { typ: 'at+jwt', audience: BILLING });
      expect(payload).toMatchObject({ aud: BILLING, scope: 'billing:read', client_id: service.clientId });
      expect(await introspect(billingApi, tokens.access_token)).toMatchObject({ active: true, aud: BILLING });
    });

    it('issues one token for two resources when both are asked for: both in aud, the shorter lifetime', async () => {
      const config = await relyingParty(t, service);
      const tokens = await oidc.clientCredentialsGrant(
        config,
        withResources({ scope: 'orders:read billing:read' }, [ORDERS, BILLING]),
      );
      // The billing API wants JWTs, so the token is one; the orders API's lifetime is the shorter.
      expect(tokens.expires_in).toBe(300);
      expect(decodeJwt(tokens.access_token).aud).toEqual([ORDERS, BILLING]);
      expect(await introspect(ordersApi, tokens.access_token)).toMatchObject({ active: true, aud: [ORDERS, BILLING] });
      expect(await introspect(billingApi, tokens.access_token)).toMatchObject({ active: true });
    });

    it('refuses an unknown resource, a malformed one and one the client may not ask for (invalid_target)', async () => {
      const config = await relyingParty(t, service);
      expect(await refused(oidc.clientCredentialsGrant(config, { resource: 'https://unknown.example.com/' }))).toEqual({
        status: 400,
        error: 'invalid_target',
        error_description: 'unknown resource: https://unknown.example.com/',
      });
      expect(await refused(oidc.clientCredentialsGrant(config, { resource: `${ORDERS}#frag` }))).toMatchObject({
        error: 'invalid_target',
        error_description: 'resource must be an absolute URI without a fragment (RFC 8707 section 2)',
      });
      expect(await refused(oidc.clientCredentialsGrant(config, { resource: 'orders' }))).toMatchObject({
        error: 'invalid_target',
      });
      expect(await refused(oidc.clientCredentialsGrant(config, { resource: INVENTORY }))).toEqual({
        status: 400,
        error: 'invalid_target',
        error_description: `this client may not ask for tokens for ${INVENTORY}`,
      });
    });

    it('refuses a scope that gives nothing at the resource (invalid_scope), and gives a client naming only its API its scopes there', async () => {
      const config = await relyingParty(t, service);
      const count = async () =>
        (await t.dataSource.query('SELECT count(*)::int AS n FROM tokens WHERE client_id = $1', [service.clientId]))[0]
          .n as number;
      const before = await count();
      expect(await refused(oidc.clientCredentialsGrant(config, { scope: 'billing:read', resource: ORDERS }))).toEqual({
        status: 400,
        error: 'invalid_scope',
        error_description: `no requested scope is for ${ORDERS}: name one of its scopes`,
      });
      expect(
        await refused(oidc.clientCredentialsGrant(config, withResources({ scope: 'orders:read' }, [ORDERS, BILLING]))),
      ).toMatchObject({
        error: 'invalid_scope',
        error_description: `no requested scope is for ${BILLING}: name one of its scopes`,
      });
      expect(await count()).toBe(before);
      // No scope: the client's default (orders:read) is not the billing API's, its allowed billing:read is.
      const billing = await oidc.clientCredentialsGrant(config, { resource: BILLING });
      expect(billing.scope).toBe('billing:read');
      expect(await introspect(billingApi, billing.access_token)).toMatchObject({ active: true, scope: 'billing:read' });
      // A default of the resource's is kept as the default: nothing more of what is allowed is added.
      const writer = await createClient(t, {
        grantTypes: ['client_credentials'],
        redirectUris: [],
        allowedScopes: ['orders:read', 'orders:write'],
        defaultScopes: ['orders:read'],
      });
      const orders = await oidc.clientCredentialsGrant(await relyingParty(t, writer), { resource: ORDERS });
      expect(orders.scope).toBe('orders:read');
    });

    it('keeps tokens for no resource as before: the issuer as aud, usable nowhere restricted', async () => {
      const config = await relyingParty(t, service);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders:read' });
      expect(await introspect(service, tokens.access_token)).toMatchObject({ active: true, aud: t.url });
    });
  });

  describe('authorization code and refresh', () => {
    it('takes resource at the authorization endpoint; the code yields a token for one of them (RFC 8707 §2.2)', async () => {
      const config = await relyingParty(t, web);
      const tokens = await authorizationCode(
        config,
        [ORDERS, BILLING],
        'openid orders:read billing:read offline_access',
        { resource: ORDERS },
      );
      expect(tokens.claims()!.sub).toBe(aliceId);
      expect(tokens.scope).toBe('orders:read');
      expect(await introspect(ordersApi, tokens.access_token)).toMatchObject({
        active: true,
        aud: ORDERS,
        sub: aliceId,
      });
      expect(await introspect(billingApi, tokens.access_token)).toEqual({ active: false });
      // A token for the orders API is not this server's: userinfo refuses it.
      expect((await getUserinfo(t, tokens.access_token)).status).toBe(401);
      const [grant] = await t.dataSource.query(
        'SELECT resources, scope FROM grants WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
        [aliceId],
      );
      expect(grant.resources).toEqual([ORDERS, BILLING]);
    });

    it('narrows on refresh: each refresh gets a token for one resource of the grant, the refresh token keeps them all', async () => {
      const config = await relyingParty(t, web);
      const first = await authorizationCode(
        config,
        [ORDERS, BILLING],
        'openid orders:read billing:read offline_access',
      );
      // No resource at the token endpoint: every resource of the authorization.
      expect(decodeJwt(first.access_token).aud).toEqual([ORDERS, BILLING]);
      expect(first.scope).toBe('orders:read billing:read');

      const billing = await oidc.refreshTokenGrant(config, first.refresh_token!, { resource: BILLING });
      expect(billing.scope).toBe('billing:read');
      await verifyWithJwks(t, billing.access_token, { audience: BILLING });
      expect(decodeJwt(billing.access_token).aud).toBe(BILLING);

      const orders = await oidc.refreshTokenGrant(config, billing.refresh_token!, { resource: ORDERS });
      expect(orders.scope).toBe('orders:read');
      expect(orders.expires_in).toBe(300);
      expect(await introspect(ordersApi, orders.access_token)).toMatchObject({ active: true, aud: ORDERS });

      // This server (the issuer) as resource: the scopes of no API resource, good at userinfo.
      const own = await oidc.refreshTokenGrant(config, orders.refresh_token!, { resource: t.url });
      expect(own.scope).toBe('openid offline_access');
      expect((await getUserinfo(t, own.access_token)).body.sub).toBe(aliceId);

      // A resource the authorization was not for, though the client may ask for it elsewhere.
      expect(await refused(oidc.refreshTokenGrant(config, own.refresh_token!, { resource: INVENTORY }))).toEqual({
        status: 400,
        error: 'invalid_target',
        error_description: `resource not granted by this authorization: ${INVENTORY}`,
      });
      // The refused request left the refresh token usable.
      const again = await oidc.refreshTokenGrant(config, own.refresh_token!, { resource: BILLING });
      expect(again.scope).toBe('billing:read');
    });

    it('drops the scopes of resources not asked for, and refuses an unknown resource with a redirect (invalid_target)', async () => {
      const config = await relyingParty(t, web);
      const tokens = await authorizationCode(config, [ORDERS], 'openid orders:read billing:read');
      expect(tokens.scope).toBe('orders:read');
      const [grant] = await t.dataSource.query(
        'SELECT scope FROM grants WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
        [aliceId],
      );
      expect(grant.scope).toEqual(['openid', 'orders:read']);

      const url = oidc.buildAuthorizationUrl(
        config,
        withResources(
          {
            redirect_uri: REDIRECT_URI,
            scope: 'openid',
            state: 'st',
            code_challenge: 'x'.repeat(43),
            code_challenge_method: 'S256',
          },
          ['https://unknown.example.com/'],
        ),
      );
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        error: 'invalid_target',
        error_description: 'unknown resource: https://unknown.example.com/',
        state: 'st',
      });
    });

    it('refuses at the authorization endpoint a resource none of the requested scopes is for (invalid_scope)', async () => {
      const config = await relyingParty(t, web);
      const url = oidc.buildAuthorizationUrl(
        config,
        withResources(
          {
            redirect_uri: REDIRECT_URI,
            scope: 'openid profile orders:read',
            state: 'st',
            code_challenge: 'x'.repeat(43),
            code_challenge_method: 'S256',
          },
          [ORDERS, BILLING],
        ),
      );
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        error: 'invalid_scope',
        error_description: `no requested scope is for ${BILLING}: name one of its scopes`,
        state: 'st',
      });
    });

    it('refuses, before the refresh token is spent, a refresh whose scope has nothing for the resource asked for', async () => {
      const config = await relyingParty(t, web);
      const tokens = await authorizationCode(config, [ORDERS], 'openid orders:read offline_access');
      // As a grant made before every resource had to get a scope would have it.
      await t.dataSource.query(`UPDATE tokens SET scope = '{openid,offline_access}' WHERE token_hash = $1`, [
        sha256(tokens.refresh_token!),
      ]);
      expect(await refused(oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: ORDERS }))).toEqual({
        status: 400,
        error: 'invalid_scope',
        error_description: `no requested scope is for ${ORDERS}: name one of its scopes`,
      });
      expect(
        await refused(oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: ORDERS, scope: 'openid' })),
      ).toMatchObject({ error: 'invalid_scope' });
      // Still usable: without resource it gets a token for this server, not one with no scope for the API.
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.scope).toBe('openid offline_access');
      expect(await introspect(ordersApi, refreshed.access_token)).toEqual({ active: false });
    });

    it('covers, when the authorization named no resource, the resources of its scopes', async () => {
      const config = await relyingParty(t, web);
      const tokens = await authorizationCode(config, [], 'openid orders:read', { resource: ORDERS });
      expect(await introspect(ordersApi, tokens.access_token)).toMatchObject({ active: true, aud: ORDERS });
      expect(await refused(authorizationCode(config, [], 'openid orders:read', { resource: BILLING }))).toMatchObject({
        error: 'invalid_target',
        error_description: `resource not granted by this authorization: ${BILLING}`,
      });
      // The same rule on refresh, checked before the refresh token is spent.
      const legacy = await authorizationCode(config, [], 'openid orders:read offline_access');
      expect(await introspect(web, legacy.access_token)).toMatchObject({
        aud: t.url,
        scope: 'openid orders:read offline_access',
      });
      expect(await refused(oidc.refreshTokenGrant(config, legacy.refresh_token!, { resource: BILLING }))).toMatchObject(
        {
          error: 'invalid_target',
          error_description: `resource not granted by this authorization: ${BILLING}`,
        },
      );
      const refreshed = await oidc.refreshTokenGrant(config, legacy.refresh_token!, { resource: ORDERS });
      expect(await introspect(ordersApi, refreshed.access_token)).toMatchObject({ aud: ORDERS, scope: 'orders:read' });
    });

    it('carries resource through a pushed authorization request (PAR)', async () => {
      const config = await relyingParty(t, web);
      const verifier = oidc.randomPKCECodeVerifier();
      const url = await oidc.buildAuthorizationUrlWithPAR(
        config,
        withResources(
          {
            redirect_uri: REDIRECT_URI,
            scope: 'openid billing:read',
            code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
          },
          [BILLING],
        ),
      );
      const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier });
      expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: BILLING, scope: 'billing:read' });

      const pushed = await postForm(
        t,
        '/oauth2/par',
        withResources(
          {
            redirect_uri: REDIRECT_URI,
            response_type: 'code',
            scope: 'openid',
            code_challenge: 'x'.repeat(43),
            code_challenge_method: 'S256',
          },
          ['https://unknown.example.com/'],
        ) as never,
        {
          authorization: basicAuth(web.clientId, web.clientSecret),
        },
      );
      expect([pushed.status, pushed.body.error]).toEqual([400, 'invalid_target']);
    });

    it('carries resource as a JSON array in a signed request object (RFC 9101)', async () => {
      const pair = await generateKeyPair('ES256');
      const jar = await createClient(t, {
        grantTypes: ['authorization_code'],
        allowedScopes: ['openid', 'orders:read', 'billing:read'],
        consentPolicy: 'skip',
        jwks: { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'rp', alg: 'ES256', use: 'sig' }] },
      } as Partial<CreateClientInput>);
      const verifier = oidc.randomPKCECodeVerifier();
      const request = await new SignJWT({
        client_id: jar.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope: 'openid orders:read billing:read',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        resource: [ORDERS, BILLING],
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'rp', typ: 'oauth-authz-req+jwt' })
        .setIssuer(jar.clientId)
        .setAudience(t.url)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(pair.privateKey);
      const callback = await signInOverHttp(
        `${t.url}/oauth2/authorize?${new URLSearchParams({ client_id: jar.clientId, request })}`,
        REDIRECT_URI,
        'alice',
        PASSWORD,
      );
      const config = await relyingParty(t, jar);
      const tokens = await oidc.authorizationCodeGrant(
        config,
        callback,
        { pkceCodeVerifier: verifier },
        { resource: BILLING },
      );
      expect(decodeJwt(tokens.access_token).aud).toBe(BILLING);
      const [grant] = await t.dataSource.query('SELECT resources FROM grants WHERE client_id = $1', [jar.clientId]);
      expect(grant.resources).toEqual([ORDERS, BILLING]);
    });
  });

  describe('the other grants', () => {
    it('password: a token for the resource; its refresh token is for it too', async () => {
      const config = await relyingParty(t, web);
      const tokens = await oidc.genericGrantRequest(config, 'password', {
        username: 'alice',
        password: PASSWORD,
        scope: 'openid orders:read offline_access',
        resource: ORDERS,
      });
      expect(tokens.scope).toBe('orders:read');
      expect(await introspect(ordersApi, tokens.access_token)).toMatchObject({
        active: true,
        aud: ORDERS,
        sub: aliceId,
      });
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(await introspect(ordersApi, refreshed.access_token)).toMatchObject({ active: true, aud: ORDERS });
      expect(
        await refused(oidc.refreshTokenGrant(config, refreshed.refresh_token!, { resource: BILLING })),
      ).toMatchObject({
        error: 'invalid_target',
      });
      expect(
        await refused(
          oidc.genericGrantRequest(config, 'password', { username: 'alice', password: PASSWORD, resource: 'urn:nope' }),
        ),
      ).toMatchObject({ error: 'invalid_target', error_description: 'unknown resource: urn:nope' });
    });

    it('password: a resource none of the requested scopes is for is refused, and no grant is made', async () => {
      const config = await relyingParty(t, web);
      const grants = async () =>
        (await t.dataSource.query('SELECT count(*)::int AS n FROM grants WHERE user_id = $1', [aliceId]))[0]
          .n as number;
      const before = await grants();
      expect(
        await refused(
          oidc.genericGrantRequest(config, 'password', {
            username: 'alice',
            password: PASSWORD,
            scope: 'openid profile',
            resource: ORDERS,
          }),
        ),
      ).toEqual({
        status: 400,
        error: 'invalid_scope',
        error_description: `no requested scope is for ${ORDERS}: name one of its scopes`,
      });
      expect(await grants()).toBe(before);
    });

    it('device code: resource at the device authorization endpoint, narrowed at the token endpoint', async () => {
      const config = await relyingParty(t, web);
      const started = await oidc.initiateDeviceAuthorization(
        config,
        withResources({ scope: 'openid orders:read billing:read' }, [ORDERS, BILLING]),
      );
      const approved = await new DeviceUser(t, PASSWORD).approve(started.user_code, 'alice');
      expect(approved.html).toContain('Device connected');
      const tokens = await oidc.pollDeviceAuthorizationGrant(config, started, { resource: ORDERS });
      expect(tokens.scope).toBe('orders:read');
      expect(await introspect(ordersApi, tokens.access_token)).toMatchObject({ active: true, aud: ORDERS });

      expect(
        await refused(oidc.initiateDeviceAuthorization(config, { scope: 'openid', resource: 'urn:nope' })),
      ).toMatchObject({ status: 400, error: 'invalid_target' });
    });

    it('implicit: the access token from the authorization endpoint is for the resources asked for', async () => {
      const implicit = await createClient(t, {
        grantTypes: ['implicit'],
        responseTypes: ['token'],
        tokenEndpointAuthMethod: 'none',
        allowedScopes: ['orders:read', 'billing:read'],
        defaultScopes: ['orders:read'],
        consentPolicy: 'skip',
      } as Partial<CreateClientInput>);
      const authorize = new URL(`${t.url}/oauth2/authorize`);
      authorize.search = withResources(
        {
          client_id: implicit.clientId,
          response_type: 'token',
          redirect_uri: REDIRECT_URI,
          scope: 'orders:read billing:read',
        },
        [ORDERS],
      ).toString();
      const callback = await signInOverHttp(authorize, REDIRECT_URI, 'alice', PASSWORD);
      const fragment = new URLSearchParams(callback.hash.slice(1));
      expect(fragment.get('scope')).toBe('orders:read');
      expect(fragment.get('expires_in')).toBe('300');
      expect(await introspect(ordersApi, fragment.get('access_token')!)).toMatchObject({ active: true, aud: ORDERS });
    });

    it('JWT bearer: an assertion buys a token for the resource', async () => {
      const created = await fetch(`${t.url}/admin/trusted-issuers`, {
        method: 'POST',
        headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify({
          issuer: PARTNER,
          jwks: { keys: [partnerJwk] },
          subject_mapping: 'sub_is_user_id',
          allowed_scopes: ['openid', 'orders:read', 'billing:read'],
        }),
      });
      expect(created.status).toBe(201);
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({
        iss: PARTNER,
        sub: aliceId,
        aud: `${t.url}/oauth2/token`,
        iat: now,
        exp: now + 300,
        jti: randomUUID(),
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'partner-1' })
        .sign(partnerKey);
      const config = await relyingParty(t, web);
      const tokens = await oidc.genericGrantRequest(config, JWT_BEARER, {
        assertion,
        scope: 'orders:read billing:read',
        resource: BILLING,
      });
      const { payload } = await verifyWithJwks(t, tokens.access_token, { audience: BILLING });
      expect(payload).toMatchObject({ sub: aliceId, scope: 'billing:read' });
    });

    /** An RFC 8693 exchange of an access token, with its targets. */
    const exchange = (config: oidc.Configuration, subjectToken: string, targets: Record<string, string>) =>
      oidc.genericGrantRequest(config, TOKEN_EXCHANGE, {
        subject_token: subjectToken,
        subject_token_type: TokenTypeUri.AccessToken,
        ...targets,
      });

    it("token exchange: a resource of the client's policy that is an API resource narrows the scope and lifetime", async () => {
      const config = await relyingParty(t, web);
      const subject = await authorizationCode(config, [], 'openid orders:read billing:read');
      const exchanged = await exchange(config, subject.access_token, { resource: ORDERS });
      expect(exchanged.scope).toBe('orders:read');
      expect(exchanged.expires_in).toBeLessThanOrEqual(300);
      expect(decodeJwt(exchanged.access_token).aud).toBe(ORDERS);
      expect(await introspect(ordersApi, exchanged.access_token)).toMatchObject({ active: true, aud: ORDERS });
      expect(await introspect(billingApi, exchanged.access_token)).toEqual({ active: false });
      // The policy decides the targets of an exchange: an API resource it does not list is refused.
      expect(await refused(exchange(config, subject.access_token, { resource: BILLING }))).toMatchObject({
        error: 'invalid_target',
        error_description: `this client may not ask for tokens for ${BILLING}`,
      });
      // A subject token whose scope gives nothing at the resource is not made into one with no scope.
      const billingOnly = await authorizationCode(config, [], 'openid billing:read');
      expect(await refused(exchange(config, billingOnly.access_token, { resource: ORDERS }))).toEqual({
        status: 400,
        error: 'invalid_target',
        error_description: `no scope of the token is for ${ORDERS}`,
      });
    });

    it('token exchange: an API resource named beside another audience still narrows the scope, bounds the lifetime and needs one of its scopes', async () => {
      const config = await relyingParty(t, web);
      const subject = await authorizationCode(config, [], 'openid orders:read billing:read');
      const mixed = await exchange(config, subject.access_token, { resource: ORDERS, audience: 'legacy-api' });
      expect(mixed.scope!.split(' ').sort()).toEqual(['openid', 'orders:read']);
      expect(mixed.expires_in).toBeLessThanOrEqual(300);
      expect(decodeJwt(mixed.access_token).aud).toEqual(expect.arrayContaining([ORDERS, 'legacy-api']));
      // The other audience alone leaves the scope as it is.
      const legacy = await exchange(config, subject.access_token, { audience: 'legacy-api' });
      expect(legacy.scope!.split(' ').sort()).toEqual(['billing:read', 'openid', 'orders:read']);
      const billingOnly = await authorizationCode(config, [], 'openid billing:read');
      expect(
        await refused(exchange(config, billingOnly.access_token, { resource: ORDERS, audience: 'legacy-api' })),
      ).toEqual({ status: 400, error: 'invalid_target', error_description: `no scope of the token is for ${ORDERS}` });
    });
  });

  describe('API resource changes', () => {
    it('takes a change of lifetime, format and introspection client at once on this replica (the cache is reloaded)', async () => {
      const config = await relyingParty(t, service);
      const resources = t.app.get(ApiResourcesService);
      const [orders] = (await resources.list()).filter((r) => r.identifier === ORDERS);
      await resources.update(orders.id, {
        accessTokenTtl: 120,
        accessTokenFormat: 'jwt',
        introspectionClientId: billingApi.clientId,
      });
      try {
        const tokens = await oidc.clientCredentialsGrant(config, { resource: ORDERS });
        expect(tokens.expires_in).toBe(120);
        expect(decodeJwt(tokens.access_token).aud).toBe(ORDERS);
        expect(await introspect(billingApi, tokens.access_token)).toMatchObject({ active: true, aud: ORDERS });
        expect(await introspect(ordersApi, tokens.access_token)).toEqual({ active: false });
      } finally {
        await resources.update(orders.id, {
          accessTokenTtl: 300,
          accessTokenFormat: null,
          introspectionClientId: ordersApi.clientId,
        });
      }
    });
  });
});
