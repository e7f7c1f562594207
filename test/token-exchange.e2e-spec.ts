import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CreateClientInput } from '../src/clients/client-input';
import { TokenTypeUri, type TokenExchangePolicy } from '../src/clients/token-exchange-policy';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import { ScopesService } from '../src/scopes/scopes.service';
import { DpopNonces } from '../src/token/dpop/dpop-nonce';
import type { User } from '../src/users/user.entity';
import { postForm } from './support/introspection-requests';
import {
  basicAuth,
  createClient,
  createUser,
  getUserinfo,
  issueCode,
  postToken,
  verifyWithJwks,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TEST_SECRETS, TestApp } from './support/test-app';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ORDERS_API = 'orders-api';
const ORDERS_URI = 'https://orders.example.com/';
const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';

describe('token endpoint: token exchange (RFC 8693)', () => {
  let t: TestApp;
  let user: User;
  /** The app the user signed in to: its tokens are the subject tokens. */
  let app: RegisteredClient;
  /** A gateway allowed to impersonate and delegate, for the orders API. */
  let gateway: RegisteredClient;
  /** May delegate only, and only with access tokens. */
  let delegateOnly: RegisteredClient;
  /** Lists the grant type but has no policy. */
  let noPolicy: RegisteredClient;
  /** A second service in a delegation chain. */
  let worker: RegisteredClient;
  /** The resource server the exchanged tokens are for: its client_id is the audience. */
  let ordersApi: RegisteredClient;

  const policy = (fields: Partial<TokenExchangePolicy> = {}): TokenExchangePolicy => ({
    allowedSubjectTokenTypes: [TokenTypeUri.AccessToken, TokenTypeUri.RefreshToken, TokenTypeUri.IdToken],
    allowedAudiences: [ORDERS_API, ORDERS_URI],
    allowImpersonation: true,
    allowDelegation: true,
    ...fields,
  });
  const exchanger = (input: Partial<CreateClientInput>) =>
    createClient(t, {
      grantTypes: ['authorization_code', 'client_credentials', TOKEN_EXCHANGE],
      allowedScopes: ['openid', 'profile', 'orders:read', 'orders:write'],
      defaultScopes: ['openid'],
      ...input,
    });
  const exchange = (client: RegisteredClient, params: Record<string, string>) =>
    postToken(
      t,
      { grant_type: TOKEN_EXCHANGE, ...params },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
  const asSubject = (token: string, type: string = TokenTypeUri.AccessToken) => ({
    subject_token: token,
    subject_token_type: type,
  });

  /** The tokens `client` gets when the user signs in with `scope`. */
  async function signIn(client: RegisteredClient, scope: string[]) {
    const { code } = await issueCode(t, { clientId: client.clientId, userId: user.id, scope });
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token?: string; id_token?: string };
  }
  async function serviceToken(client: RegisteredClient): Promise<string> {
    const res = await postToken(
      t,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    const scopes = t.app.get(ScopesService);
    await scopes.create({ name: 'orders:read', description: 'Read orders' });
    await scopes.create({ name: 'orders:write', description: 'Write orders' });
    user = await createUser(t, { email: 'ada@example.com' });
    app = await createClient(t, {
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: ['openid', 'profile', 'orders:read', 'offline_access'],
    });
    gateway = await exchanger({ clientName: 'Gateway', tokenExchangePolicy: policy() });
    delegateOnly = await exchanger({
      clientName: 'Delegate only',
      tokenExchangePolicy: policy({ allowImpersonation: false, allowedSubjectTokenTypes: [TokenTypeUri.AccessToken] }),
    });
    noPolicy = await exchanger({ clientName: 'No policy' });
    worker = await exchanger({ clientName: 'Worker', tokenExchangePolicy: policy() });
    ordersApi = await createClient(t, { clientId: ORDERS_API, grantTypes: ['client_credentials'], redirectUris: [] });
  });
  afterAll(() => t.close());

  it('announces the grant in the discovery document', async () => {
    const metadata = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as ProviderMetadata;
    expect(metadata.grant_types_supported).toContain(TOKEN_EXCHANGE);
  });

  it('delegates: the issued JWT names the subject in sub, the actor in act and the target in aud', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read']);
    const actorToken = await serviceToken(gateway);
    const res = await exchange(gateway, {
      ...asSubject(subjectToken),
      actor_token: actorToken,
      actor_token_type: TokenTypeUri.AccessToken,
      audience: ORDERS_API,
      scope: 'orders:read',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      issued_token_type: TokenTypeUri.AccessToken,
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      scope: 'orders:read',
    });
    const { payload, protectedHeader } = await verifyWithJwks(t, res.body.access_token as string, {
      typ: 'at+jwt',
      audience: ORDERS_API,
    });
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload).toMatchObject({
      sub: user.id,
      aud: ORDERS_API,
      client_id: gateway.clientId,
      scope: 'orders:read',
      act: { sub: gateway.clientId, client_id: gateway.clientId },
    });
    expect(payload.act).not.toHaveProperty('act');
  });

  it('nests the earlier actor when a delegated token is delegated again (RFC 8693 §4.1)', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read']);
    const first = await exchange(gateway, {
      ...asSubject(subjectToken),
      actor_token: await serviceToken(gateway),
      actor_token_type: TokenTypeUri.AccessToken,
      audience: ORDERS_API,
    });
    expect(first.status).toBe(200);
    // The delegated token is for the orders API, not for this server, and is still exchangeable here.
    const second = await exchange(worker, {
      ...asSubject(first.body.access_token as string),
      actor_token: await serviceToken(worker),
      actor_token_type: TokenTypeUri.AccessToken,
      resource: ORDERS_URI,
    });
    expect(second.status).toBe(200);
    const { payload } = await verifyWithJwks(t, second.body.access_token as string, { audience: ORDERS_URI });
    expect(payload.act).toEqual({
      sub: worker.clientId,
      client_id: worker.clientId,
      act: { sub: gateway.clientId, client_id: gateway.clientId },
    });
  });

  it('impersonates: a token for the subject alone, without act, usable at userinfo when it is for this server', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'profile', 'orders:read']);
    const res = await exchange(gateway, { ...asSubject(subjectToken), scope: 'openid orders:read' });
    expect(res.status).toBe(200);
    const { payload } = await verifyWithJwks(t, res.body.access_token as string, { typ: 'at+jwt', audience: t.url });
    expect(payload.sub).toBe(user.id);
    expect(payload).not.toHaveProperty('act');
    const userinfo = await getUserinfo(t, res.body.access_token as string);
    expect(userinfo.status).toBe(200);
    expect(userinfo.body.sub).toBe(user.id);
  });

  it('keeps the subject token scope, less offline_access, when no scope is asked for', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read', 'offline_access']);
    const res = await exchange(gateway, asSubject(subjectToken));
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('openid orders:read');
    expect(res.body.refresh_token).toBeUndefined();
  });

  it('never outlives the subject token', async () => {
    const jwtApp = await createClient(t, {
      accessTokenFormat: 'jwt',
      accessTokenTtl: 60,
      allowedScopes: ['openid', 'orders:read'],
    });
    const { access_token: subjectToken } = await signIn(jwtApp, ['openid', 'orders:read']);
    const res = await exchange(gateway, asSubject(subjectToken));
    expect(res.status).toBe(200);
    expect(res.body.expires_in).toBeLessThanOrEqual(60);
  });

  it('records the audience, which may introspect the token and sees the act claim', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read']);
    const res = await exchange(gateway, {
      ...asSubject(subjectToken),
      actor_token: await serviceToken(gateway),
      actor_token_type: TokenTypeUri.AccessToken,
      audience: ORDERS_API,
    });
    const introspection = await postForm(
      t,
      '/oauth2/introspect',
      { token: res.body.access_token as string },
      { authorization: basicAuth(ordersApi.clientId, ordersApi.clientSecret) },
    );
    expect(introspection.body).toMatchObject({
      active: true,
      sub: user.id,
      aud: ORDERS_API,
      client_id: gateway.clientId,
      act: { sub: gateway.clientId, client_id: gateway.clientId },
    });
  });

  it('ends the exchanged token when the subject token’s grant is revoked', async () => {
    const { access_token: subjectToken, refresh_token: refreshToken } = await signIn(app, [
      'openid',
      'orders:read',
      'offline_access',
    ]);
    const res = await exchange(gateway, { ...asSubject(subjectToken), audience: ORDERS_API });
    const introspect = () =>
      postForm(
        t,
        '/oauth2/introspect',
        { token: res.body.access_token as string },
        { authorization: basicAuth(ordersApi.clientId, ordersApi.clientSecret) },
      );
    expect((await introspect()).body.active).toBe(true);
    // RFC 7009 §2.1: revoking the refresh token revokes its grant.
    await postForm(
      t,
      '/oauth2/revoke',
      { token: refreshToken! },
      { authorization: basicAuth(app.clientId, app.clientSecret) },
    );
    expect((await introspect()).body).toEqual({ active: false });
  });

  it('accepts the client’s own refresh token and ID token as subject tokens, but not another client’s', async () => {
    const own = await signIn(gateway, ['openid', 'orders:read']);
    const byIdToken = await exchange(gateway, {
      ...asSubject(own.id_token!, TokenTypeUri.IdToken),
      scope: 'orders:read',
    });
    expect(byIdToken.status).toBe(200);
    const { payload } = await verifyWithJwks(t, byIdToken.body.access_token as string);
    expect(payload.sub).toBe(user.id);

    const others = await signIn(app, ['openid', 'orders:read', 'offline_access']);
    const foreignRefresh = await exchange(gateway, asSubject(others.refresh_token!, TokenTypeUri.RefreshToken));
    expect(foreignRefresh.status).toBe(400);
    expect(foreignRefresh.body).toEqual({
      error: 'invalid_request',
      error_description: 'the subject_token is invalid, expired or revoked',
    });
    const foreignIdToken = await exchange(gateway, asSubject(others.id_token!, TokenTypeUri.IdToken));
    expect(foreignIdToken.body.error).toBe('invalid_request');
    expect(foreignIdToken.body.error_description).toMatch(/not an ID token this server issued to this client/);
  });

  it('exchanges a DPoP-bound subject token only with a proof by its key, and binds the new token to it (RFC 9449 §7.2)', async () => {
    const nonces = new DpopNonces(TEST_SECRETS.KEY_ENCRYPTION_SECRET);
    const proofKey = async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = await exportJWK(publicKey);
      return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
    };
    const proof = (key: Awaited<ReturnType<typeof proofKey>>) =>
      new SignJWT({ htm: 'POST', htu: `${t.url}/oauth2/token`, jti: randomUUID(), nonce: nonces.current() })
        .setIssuedAt()
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
        .sign(key.privateKey);
    const key = await proofKey();
    const { code } = await issueCode(t, {
      clientId: gateway.clientId,
      userId: user.id,
      scope: ['openid', 'orders:read'],
      dpopJkt: key.jkt,
    });
    const signedIn = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' },
      { authorization: basicAuth(gateway.clientId, gateway.clientSecret), dpop: await proof(key) },
    );
    expect(signedIn.body.token_type).toBe('DPoP');
    const bound = asSubject(signedIn.body.access_token as string);

    const withoutProof = await exchange(gateway, bound);
    expect(withoutProof.status).toBe(400);
    expect(withoutProof.body).toEqual({
      error: 'invalid_request',
      error_description: 'the subject_token is DPoP-bound: the request needs a DPoP proof by its key',
    });
    const byAnotherKey = await postToken(
      t,
      { grant_type: TOKEN_EXCHANGE, ...bound },
      { authorization: basicAuth(gateway.clientId, gateway.clientSecret), dpop: await proof(await proofKey()) },
    );
    expect(byAnotherKey.body.error).toBe('invalid_request');

    const byItsKey = await postToken(
      t,
      { grant_type: TOKEN_EXCHANGE, ...bound },
      { authorization: basicAuth(gateway.clientId, gateway.clientSecret), dpop: await proof(key) },
    );
    expect(byItsKey.status).toBe(200);
    expect(byItsKey.body.token_type).toBe('DPoP');
    const { payload } = await verifyWithJwks(t, byItsKey.body.access_token as string);
    expect(payload.cnf).toEqual({ jkt: key.jkt });
  });

  it('refuses a client without a policy, and exchanges its policy does not allow (unauthorized_client)', async () => {
    const { access_token: subjectToken, id_token: idToken } = await signIn(app, ['openid', 'orders:read']);
    const none = await exchange(noPolicy, asSubject(subjectToken));
    expect(none.status).toBe(400);
    expect(none.body).toEqual({
      error: 'unauthorized_client',
      error_description: 'this client has no token exchange policy',
    });
    const impersonation = await exchange(delegateOnly, asSubject(subjectToken));
    expect(impersonation.body.error).toBe('unauthorized_client');
    expect(impersonation.body.error_description).toMatch(/impersonation/);
    const idTokenSubject = await exchange(delegateOnly, {
      ...asSubject(idToken!, TokenTypeUri.IdToken),
      actor_token: await serviceToken(delegateOnly),
      actor_token_type: TokenTypeUri.AccessToken,
    });
    expect(idTokenSubject.body.error).toBe('unauthorized_client');
    const delegation = await exchange(await exchanger({ tokenExchangePolicy: policy({ allowDelegation: false }) }), {
      ...asSubject(subjectToken),
      actor_token: subjectToken,
      actor_token_type: TokenTypeUri.AccessToken,
    });
    expect(delegation.body.error).toBe('unauthorized_client');
  });

  it('refuses an audience or resource the policy does not list (invalid_target)', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read']);
    const audience = await exchange(gateway, { ...asSubject(subjectToken), audience: 'billing-api' });
    expect(audience.status).toBe(400);
    expect(audience.body.error).toBe('invalid_target');
    const fragment = await exchange(gateway, { ...asSubject(subjectToken), resource: `${ORDERS_URI}#x` });
    expect(fragment.body.error).toBe('invalid_target');
  });

  it('refuses to widen the scope of the subject token (invalid_scope)', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read']);
    const res = await exchange(gateway, { ...asSubject(subjectToken), scope: 'orders:read orders:write' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_scope',
      error_description: "scope beyond the subject_token's: orders:write",
    });
  });

  it('refuses invalid subject and actor tokens with invalid_request (RFC 8693 §2.2.2)', async () => {
    const garbage = await exchange(gateway, asSubject('not-a-token'));
    expect(garbage.status).toBe(400);
    expect(garbage.body).toEqual({
      error: 'invalid_request',
      error_description: 'the subject_token is invalid, expired or revoked',
    });
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read']);
    const badActor = await exchange(gateway, {
      ...asSubject(subjectToken),
      actor_token: 'not-a-token',
      actor_token_type: TokenTypeUri.AccessToken,
    });
    expect(badActor.body.error_description).toBe('the actor_token is invalid, expired or revoked');
    const serviceSubject = await exchange(gateway, asSubject(await serviceToken(gateway)));
    expect(serviceSubject.body.error).toBe('invalid_request');
    expect(serviceSubject.body.error_description).toMatch(/stands for no user/);
  });

  it('refuses malformed requests and token types it does not issue or know', async () => {
    const { access_token: subjectToken } = await signIn(app, ['openid', 'orders:read']);
    const cases: [Record<string, string>, RegExp][] = [
      [{ subject_token_type: TokenTypeUri.AccessToken }, /subject_token is required/],
      [{ subject_token: subjectToken }, /subject_token_type is required/],
      [asSubject(subjectToken, 'urn:ietf:params:oauth:token-type:saml2'), /subject_token_type .* is not supported/],
      [{ ...asSubject(subjectToken), actor_token: subjectToken }, /actor_token_type is required/],
      [
        { ...asSubject(subjectToken), actor_token_type: TokenTypeUri.AccessToken },
        /must not be sent without actor_token/,
      ],
      [
        { ...asSubject(subjectToken), requested_token_type: TokenTypeUri.RefreshToken },
        /requested_token_type .* is not supported/,
      ],
      [{ ...asSubject(subjectToken), requested_token_type: TokenTypeUri.IdToken }, /access tokens only/],
    ];
    for (const [params, description] of cases) {
      const res = await exchange(gateway, params);
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
      expect(res.body.error_description).toMatch(description);
    }
  });
  it('sets, shows and clears a client’s policy through the admin API', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const adminPolicy = {
      allowed_subject_token_types: [TokenTypeUri.AccessToken],
      allowed_audiences: [ORDERS_API],
      allow_impersonation: false,
      allow_delegation: true,
    };
    const created = await call('POST', '/admin/clients', {
      client_name: 'Admin-made gateway',
      grant_types: ['client_credentials', TOKEN_EXCHANGE],
      token_exchange_policy: adminPolicy,
    });
    expect(created.status).toBe(201);
    const client = created.body.client as { client_id: string; token_exchange_policy: unknown };
    expect(client.token_exchange_policy).toEqual(adminPolicy);

    const typo = await call('PATCH', `/admin/clients/${client.client_id}`, {
      token_exchange_policy: { ...adminPolicy, allow_everything: true },
    });
    expect(typo.status).toBe(400);
    const unknownType = await call('PATCH', `/admin/clients/${client.client_id}`, {
      token_exchange_policy: { ...adminPolicy, allowed_subject_token_types: ['urn:x'] },
    });
    expect(unknownType.status).toBe(400);

    const cleared = await call('PATCH', `/admin/clients/${client.client_id}`, { token_exchange_policy: null });
    expect((cleared.body.client as { token_exchange_policy: unknown }).token_exchange_policy).toBeNull();
  });
});
