import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { TokenTypeUri } from '../src/clients/token-exchange-policy';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import { ScopesService } from '../src/scopes/scopes.service';
import type { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { postForm } from './support/introspection-requests';
import {
  basicAuth,
  createClient,
  createUser,
  getUserinfo,
  postToken,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const PARTNER = 'https://idp.partner.example';

interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/**
 * The partner's JWKS, served on 127.0.0.1 by the test: /jwks answers, /hang accepts the request
 * and never answers.
 */
async function startJwksServer(keys: () => JWK[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/hang') return;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: keys() }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('token endpoint: JWT bearer assertions (RFC 7523)', () => {
  let t: TestApp;
  let jwks: { server: Server; url: string };
  let partnerKey: SigningKey;
  let user: User;
  let client: RegisteredClient;
  let partnerId: string;
  const admin = { 'x-admin-token': ADMIN_TOKEN };

  async function adminCall(method: string, path: string, body?: unknown) {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
  }

  /** An assertion the partner would make for `claims`, valid unless `claims` says otherwise. */
  function assertion(claims: JWTPayload = {}, key: SigningKey = partnerKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: PARTNER,
      sub: 'partner-user-1',
      email: user.email,
      aud: `${t.url}/oauth2/token`,
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: key.publicJwk.kid })
      .sign(key.privateKey);
  }
  const present = (value: string, extra: Record<string, string> = {}, as: RegisteredClient = client) =>
    postToken(
      t,
      { grant_type: JWT_BEARER, assertion: value, ...extra },
      { authorization: basicAuth(as.clientId, as.clientSecret) },
    );
  const expectInvalidGrant = (res: { status: number; body: Record<string, unknown> }, description: RegExp) => {
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
    expect(res.body.error_description).toMatch(description);
  };

  beforeAll(async () => {
    partnerKey = await signingKey('partner-1');
    jwks = await startJwksServer(() => [partnerKey.publicJwk]);
    // The partner's JWKS is served on 127.0.0.1, which remote fetches reach only when allowed.
    t = await startTestApp({ ADMIN_TOKEN, OUTBOUND_ALLOW: '127.0.0.1' });
    await t.app.get(ScopesService).create({ name: 'orders:read', description: 'Read orders' });
    user = await createUser(t, { email: 'grace@example.com' });
    client = await createClient(t, {
      grantTypes: [JWT_BEARER],
      redirectUris: [],
      allowedScopes: ['openid', 'profile', 'orders:read', 'offline_access'],
      defaultScopes: ['openid', 'orders:read'],
    });
    const created = await adminCall('POST', '/admin/trusted-issuers', {
      issuer: PARTNER,
      jwks_uri: `${jwks.url}/jwks`,
      subject_mapping: 'claim:email',
      allowed_scopes: ['openid', 'orders:read', 'offline_access'],
    });
    expect(created.status).toBe(201);
    partnerId = created.body.id;
  });
  afterAll(async () => {
    await t.close();
    jwks.server.closeAllConnections();
    await new Promise((ok) => jwks.server.close(ok));
  });

  it('announces the grant in the discovery document', async () => {
    const metadata = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as ProviderMetadata;
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining([JWT_BEARER, TOKEN_EXCHANGE]));
  });

  it('issues an access token for the mapped user, without refresh or ID token, that userinfo accepts', async () => {
    const res = await present(await assertion());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid orders:read',
    });
    const userinfo = await getUserinfo(t, res.body.access_token as string);
    expect(userinfo.status).toBe(200);
    expect(userinfo.body.sub).toBe(user.id);
    const introspection = await postForm(
      t,
      '/oauth2/introspect',
      { token: res.body.access_token as string },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(introspection.body).toMatchObject({ active: true, sub: user.id, username: user.username });
  });

  it('grants the requested scope within the issuer’s, never offline_access, and refuses more', async () => {
    const narrowed = await present(await assertion(), { scope: 'orders:read offline_access' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('orders:read');
    expect(narrowed.body.refresh_token).toBeUndefined();
    const wider = await present(await assertion(), { scope: 'openid profile' });
    expect(wider.status).toBe(400);
    expect(wider.body).toEqual({
      error: 'invalid_scope',
      error_description: 'scope not allowed for assertions of this issuer: profile',
    });
  });

  it('refuses an expired assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectInvalidGrant(await present(await assertion({ iat: now - 600, exp: now - 120 })), /has expired/);
  });

  it('refuses an assertion for another audience', async () => {
    expectInvalidGrant(await present(await assertion({ aud: 'https://elsewhere.example/token' })), /\(aud\)/);
  });

  it('refuses a replayed assertion (jti single use)', async () => {
    const once = await assertion();
    expect((await present(once)).status).toBe(200);
    expectInvalidGrant(await present(once), /already been used \(jti replay\)/);
  });

  it('refuses assertions without a jti, too old, or issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectInvalidGrant(await present(await assertion({ jti: undefined })), /no 'jti' claim/);
    expectInvalidGrant(
      await present(await assertion({ iat: now - 7200, exp: now + 60 })),
      /more than 3600 seconds ago/,
    );
    expectInvalidGrant(await present(await assertion({ iat: now + 600, exp: now + 900 })), /in the future/);
  });

  it('refuses an assertion from an issuer it does not trust', async () => {
    expectInvalidGrant(await present(await assertion({ iss: 'https://stranger.example' })), /issuer is not trusted/);
  });

  it('refuses an assertion whose subject is no local user, or a disabled one', async () => {
    expectInvalidGrant(await present(await assertion({ email: 'nobody@example.com' })), /not a known user/);
    const disabled = await createUser(t, { email: 'gone@example.com' });
    await t.app.get(UsersService).setDisabled(disabled.id, true);
    expectInvalidGrant(await present(await assertion({ email: 'gone@example.com' })), /can no longer sign in/);
  });

  it('refuses an assertion signed with a key that is not the issuer’s', async () => {
    const impostor = await signingKey('partner-1');
    expectInvalidGrant(await present(await assertion({}, impostor)), /signature does not verify/);
    const unknownKid = await signingKey('unknown-kid');
    expectInvalidGrant(await present(await assertion({}, unknownKid)), /signature does not verify/);
  });

  it('lets the issuer limit which clients may present its assertions', async () => {
    const other = await createClient(t, { grantTypes: [JWT_BEARER], redirectUris: [], allowedScopes: ['openid'] });
    const changed = await adminCall('PATCH', `/admin/trusted-issuers/${partnerId}`, {
      allowed_client_ids: [client.clientId],
    });
    expect(changed.status).toBe(200);
    try {
      const res = await present(await assertion(), {}, other);
      expect(res.body.error).toBe('unauthorized_client');
      expect((await present(await assertion())).status).toBe(200);
    } finally {
      await adminCall('PATCH', `/admin/trusted-issuers/${partnerId}`, { allowed_client_ids: [] });
    }
  });

  it('answers within the fetch timeout when the issuer’s JWKS hangs, without stalling other requests', async () => {
    const slowKey = await signingKey('slow-1');
    const created = await adminCall('POST', '/admin/trusted-issuers', {
      issuer: 'https://slow.example',
      jwks_uri: `${jwks.url}/hang`,
      subject_mapping: 'claim:email',
      allowed_scopes: ['openid'],
    });
    expect(created.status).toBe(201);
    const started = Date.now();
    const pending = present(await assertion({ iss: 'https://slow.example' }, slowKey));
    const discovery = await fetch(`${t.url}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);

    const res = await pending;
    expect(Date.now() - started).toBeLessThan(6000);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: "the issuer's keys could not be fetched; try again later",
    });
  });

  it('accepts inline keys and maps sub to a username', async () => {
    const key = await signingKey('inline-1');
    const created = await adminCall('POST', '/admin/trusted-issuers', {
      issuer: 'https://inline.example',
      jwks: { keys: [key.publicJwk] },
      subject_mapping: 'sub_is_username',
      allowed_scopes: ['openid'],
      allowed_audiences: ['https://as.example/audience'],
    });
    expect(created.status).toBe(201);
    const res = await present(
      await assertion({ iss: 'https://inline.example', sub: user.username, aud: 'https://as.example/audience' }, key),
    );
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('openid');
    expect((await getUserinfo(t, res.body.access_token as string)).body.sub).toBe(user.id);
    // The issuer's own audiences replace the defaults.
    expectInvalidGrant(
      await present(await assertion({ iss: 'https://inline.example', sub: user.username }, key)),
      /aud/,
    );
  });

  it('lets a trusted issuer’s JWT be exchanged for a token (RFC 8693 subject_token_type jwt)', async () => {
    const exchanger = await createClient(t, {
      grantTypes: [TOKEN_EXCHANGE],
      redirectUris: [],
      allowedScopes: ['openid', 'orders:read'],
      tokenExchangePolicy: {
        allowedSubjectTokenTypes: [TokenTypeUri.Jwt],
        allowedAudiences: ['orders-api'],
        allowImpersonation: true,
        allowDelegation: false,
      },
    });
    const exchange = (subject: string, scope: string) =>
      postToken(
        t,
        {
          grant_type: TOKEN_EXCHANGE,
          subject_token: subject,
          subject_token_type: TokenTypeUri.Jwt,
          audience: 'orders-api',
          scope,
        },
        { authorization: basicAuth(exchanger.clientId, exchanger.clientSecret) },
      );
    const res = await exchange(await assertion(), 'orders:read');
    expect(res.status).toBe(200);
    expect(res.body.issued_token_type).toBe(TokenTypeUri.AccessToken);
    const refused = await exchange(await assertion({ aud: 'https://elsewhere.example' }), 'orders:read');
    expect(refused.body).toEqual({
      error: 'invalid_request',
      error_description: 'the subject_token was refused: the assertion is not meant for this server (aud)',
    });
  });

  describe('admin API for trusted issuers', () => {
    it('lists, reads, changes and deletes them, recording each change in the audit trail', async () => {
      const created = await adminCall('POST', '/admin/trusted-issuers', {
        issuer: 'https://temporary.example',
        jwks_uri: 'https://temporary.example/jwks',
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        issuer: 'https://temporary.example',
        jwks_uri: 'https://temporary.example/jwks',
        jwks: null,
        allowed_audiences: [],
        subject_mapping: 'sub_is_user_id',
        allowed_scopes: [],
        allowed_client_ids: [],
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const id = created.body.id as string;
      const list = await adminCall('GET', '/admin/trusted-issuers');
      expect(list.body.map((i: { issuer: string }) => i.issuer)).toContain('https://temporary.example');
      expect((await adminCall('GET', `/admin/trusted-issuers/${id}`)).body.issuer).toBe('https://temporary.example');
      const changed = await adminCall('PATCH', `/admin/trusted-issuers/${id}`, { subject_mapping: 'claim:upn' });
      expect(changed.body.subject_mapping).toBe('claim:upn');
      expect((await adminCall('DELETE', `/admin/trusted-issuers/${id}`)).status).toBe(204);
      expect((await adminCall('GET', `/admin/trusted-issuers/${id}`)).status).toBe(404);

      const events = await adminCall('GET', '/admin/audit-events?type=admin.trusted_issuer.*');
      const ofThis = events.body.items.filter((e: { subject: string }) => e.subject === 'https://temporary.example');
      expect(ofThis.map((e: { type: string }) => e.type).sort()).toEqual([
        'admin.trusted_issuer.created',
        'admin.trusted_issuer.deleted',
        'admin.trusted_issuer.updated',
      ]);
    });

    it('refuses an issuer without exactly one key source, a bad mapping, a duplicate, or no token', async () => {
      const both = await adminCall('POST', '/admin/trusted-issuers', {
        issuer: 'https://both.example',
        jwks_uri: 'https://both.example/jwks',
        jwks: { keys: [partnerKey.publicJwk] },
      });
      expect([both.status, both.body.code]).toEqual([400, 'invalid_trusted_issuer']);
      const neither = await adminCall('POST', '/admin/trusted-issuers', { issuer: 'https://neither.example' });
      expect(neither.status).toBe(400);
      const mapping = await adminCall('POST', '/admin/trusted-issuers', {
        issuer: 'https://mapping.example',
        jwks_uri: 'https://mapping.example/jwks',
        subject_mapping: 'by_magic',
      });
      expect(mapping.status).toBe(400);
      const plainHttp = await adminCall('POST', '/admin/trusted-issuers', {
        issuer: 'https://plain.example',
        jwks_uri: 'http://plain.example/jwks',
      });
      expect(plainHttp.status).toBe(400);
      const duplicate = await adminCall('POST', '/admin/trusted-issuers', {
        issuer: PARTNER,
        jwks_uri: 'https://other.example/jwks',
      });
      expect([duplicate.status, duplicate.body.code]).toEqual([409, 'issuer_taken']);
      const anonymous = await fetch(`${t.url}/admin/trusted-issuers`);
      expect(anonymous.status).toBe(401);
    });
  });
});
