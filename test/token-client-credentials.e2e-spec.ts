import * as oidc from 'openid-client';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import { ScopesService } from '../src/scopes/scopes.service';
import { hashToken } from '../src/token/opaque-token';
import {
  basicAuth,
  createClient,
  postToken,
  relyingParty,
  tokenRow,
  verifyWithJwks,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

describe('token endpoint: client_credentials', () => {
  let t: TestApp;
  let service: RegisteredClient;
  let jwtService: RegisteredClient;
  const cc = (client: RegisteredClient, extra: Record<string, string> = {}) =>
    postToken(
      t,
      { grant_type: 'client_credentials', ...extra },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );

  beforeAll(async () => {
    t = await startTestApp();
    const scopes = t.app.get(ScopesService);
    await scopes.create({ name: 'api:read', description: 'Read the API' });
    await scopes.create({ name: 'api:write', description: 'Write the API' });
    const m2m = {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      allowedScopes: ['openid', 'profile', 'api:read', 'api:write'],
      defaultScopes: ['openid', 'profile', 'api:read'],
    };
    service = await createClient(t, m2m);
    jwtService = await createClient(t, { ...m2m, accessTokenFormat: 'jwt', accessTokenTtl: 120 });
  });
  afterAll(() => t.close());

  it('issues an opaque access token through a certified RP library, storing only its hash', async () => {
    const rp = await relyingParty(t, service);
    const tokens = await oidc.clientCredentialsGrant(rp, { scope: 'api:read api:write' });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('api:read api:write');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeUndefined();
    const row = await tokenRow(t, hashToken(tokens.access_token));
    expect(row).toMatchObject({
      kind: 'access_token',
      client_id: service.clientId,
      user_id: null,
      grant_id: null,
      scope: ['api:read', 'api:write'],
    });
    expect(JSON.stringify(row)).not.toContain(tokens.access_token);
  });

  it('grants the default scopes that need no user when the request names none', async () => {
    const res = await cc(service);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'api:read' });
  });

  it('issues an RFC 9068 JWT access token to a client registered for them, and stores nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM tokens');
    const rp = await relyingParty(t, jwtService);
    const tokens = await oidc.clientCredentialsGrant(rp, { scope: 'api:write' });
    expect(tokens.expires_in).toBe(120);
    const { payload, protectedHeader } = await verifyWithJwks(t, tokens.access_token, {
      typ: 'at+jwt',
      audience: t.url,
    });
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload).toMatchObject({
      iss: t.url,
      sub: jwtService.clientId,
      aud: t.url,
      client_id: jwtService.clientId,
      scope: 'api:write',
    });
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(typeof payload.jti).toBe('string');
    expect(payload.grant_id).toBeUndefined();
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM tokens')).toEqual(before);
  });

  it('accepts client_secret_post and a JSON body', async () => {
    const post = await createClient(t, {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      allowedScopes: ['api:read'],
      defaultScopes: ['api:read'],
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    const form = await postToken(t, {
      grant_type: 'client_credentials',
      client_id: post.clientId,
      client_secret: post.clientSecret,
    });
    expect(form.status).toBe(200);
    const json = await fetch(`${t.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: post.clientId,
        client_secret: post.clientSecret,
      }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ scope: 'api:read', token_type: 'Bearer' });
  });

  it('sends Cache-Control: no-store and Pragma: no-cache on success and on error', async () => {
    const ok = await cc(service);
    const bad = await cc(service, { scope: 'nope' });
    for (const res of [ok, bad]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('pragma')).toBe('no-cache');
    }
    expect(bad.status).toBe(400);
  });

  it('refuses a wrong client secret with 401 invalid_client and a Basic challenge', async () => {
    const res = await cc({ clientId: service.clientId, clientSecret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // RFC 9110 §15.5.2: a 401 carries a challenge even when the secret came in the body, or no credential at all.
    const bodies: Record<string, string>[] = [
      { grant_type: 'client_credentials', client_id: service.clientId, client_secret: 'wrong' },
      { grant_type: 'client_credentials' },
    ];
    for (const body of bodies) {
      const inBody = await fetch(`${t.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
      expect([inBody.status, inBody.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="oauth2"']);
    }
  });

  it('refuses an unknown grant type with unsupported_grant_type, and a missing one with invalid_request', async () => {
    expect((await cc(service, { grant_type: 'urn:example:magic' })).body.error).toBe('unsupported_grant_type');
    const missing = await postToken(t, {}, { authorization: basicAuth(service.clientId, service.clientSecret) });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_request', error_description: 'grant_type is required' });
  });

  it('refuses a grant the client is not registered for with unauthorized_client', async () => {
    const web = await createClient(t, { grantTypes: ['authorization_code'] });
    const res = await cc(web);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });

  it.each([
    ['an unknown scope', 'api:read nope'],
    ['a scope not allowed to the client', 'email'],
    ['a scope that needs a user', 'openid'],
    ['a malformed scope', 'api"read'],
  ])('refuses %s with invalid_scope', async (_case, scope) => {
    const res = await cc(service, { scope });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('refuses a repeated parameter with invalid_request (RFC 6749 §3.1)', async () => {
    const res = await postToken(
      t,
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'api:read'],
        ['scope', 'api:write'],
      ],
      { authorization: basicAuth(service.clientId, service.clientSecret) },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      error_description: 'scope must not be included more than once',
    });
  });

  it('refuses a body that is neither form-encoded nor JSON', async () => {
    const res = await fetch(`${t.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: basicAuth(service.clientId, service.clientSecret) },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
    expect(res.headers.get('pragma')).toBe('no-cache');
  });

  it('refuses resource indicators it cannot honour with invalid_target (RFC 8707 §2)', async () => {
    const res = await cc(service, { resource: 'https://api.example.com' });
    expect(res.body.error).toBe('invalid_target');
  });

  it('announces the token endpoint, its grants and its client authentication in discovery', async () => {
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as ProviderMetadata;
    expect(doc.token_endpoint).toBe(`${t.url}/oauth2/token`);
    expect(doc.userinfo_endpoint).toBe(`${t.url}/oauth2/userinfo`);
    expect(doc.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials', 'password']),
    );
    expect(doc.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']),
    );
    expect(doc.token_endpoint_auth_signing_alg_values_supported).toContain('RS256');
    expect(doc.claims_parameter_supported).toBe(true);
  });
});
