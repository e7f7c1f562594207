import * as oidc from 'openid-client';
import { AuthorizationGrantService } from '../src/token/authorization-grants/authorization-grant.service';
import { hashToken } from '../src/token/opaque-token';
import type { User } from '../src/users/user.entity';
import {
  basicAuth,
  createClient,
  createUser,
  getUserinfo,
  issueCode,
  postToken,
  relyingParty,
  type CodeInput,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

const SCOPES = ['openid', 'profile', 'email', 'phone', 'offline_access'];
const ADMIN_TOKEN = 'userinfo-test-admin-token-0123456789abcdef';

describe('userinfo', () => {
  let t: TestApp;
  let client: RegisteredClient;
  let jwtClient: RegisteredClient;
  let alice: User;

  const tokensFor = async (input: Partial<CodeInput> = {}, as: RegisteredClient = client) => {
    const { code, grantId } = await issueCode(t, {
      clientId: as.clientId,
      userId: alice.id,
      scope: ['openid'],
      ...input,
    });
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' },
      { authorization: basicAuth(as.clientId, as.clientSecret) },
    );
    expect(res.status).toBe(200);
    return { grantId, accessToken: res.body.access_token as string };
  };

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    client = await createClient(t, { allowedScopes: SCOPES });
    jwtClient = await createClient(t, { allowedScopes: SCOPES, accessTokenFormat: 'jwt' });
    alice = await createUser(t, {
      username: 'alice',
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice Liddell',
      givenName: 'Alice',
      phoneNumber: '+44 20 7946 0000',
    });
  });
  afterAll(() => t.close());

  it('returns sub and the claims of the granted scopes to a certified RP library', async () => {
    const { accessToken } = await tokensFor({ scope: ['openid', 'profile', 'email'] });
    const rp = await relyingParty(t, client);
    const claims = await oidc.fetchUserInfo(rp, accessToken, alice.id);
    expect(claims).toEqual({
      sub: alice.id,
      name: 'Alice Liddell',
      given_name: 'Alice',
      preferred_username: 'alice',
      updated_at: Math.floor(alice.updatedAt.getTime() / 1000),
      email: 'alice@example.com',
      email_verified: true,
    });
    expect(claims.phone_number).toBeUndefined();
  });

  it('returns every claim of the profile scope a user has (OIDC Core §5.4), set through the admin API', async () => {
    const profile = {
      middle_name: 'Pleasance',
      nickname: 'Ally',
      profile: 'https://people.example.com/alice',
      website: 'https://alice.example.com',
      gender: 'female',
      birthdate: '1852-05-04',
      zoneinfo: 'Europe/London',
      locale: 'en-GB',
      picture: 'https://people.example.com/alice.png',
      family_name: 'Liddell',
    };
    const patched = await fetch(`${t.url}/admin/users/${alice.id}`, {
      method: 'PATCH',
      headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify(profile),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject(profile);
    const { accessToken } = await tokensFor({ scope: ['openid', 'profile'] });
    const claims = (await getUserinfo(t, accessToken)).body;
    expect(claims).toMatchObject({
      ...profile,
      name: 'Alice Liddell',
      given_name: 'Alice',
      preferred_username: 'alice',
    });
    // Each claim of the scope is listed in discovery (claims_supported).
    const discovery = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as {
      claims_supported: string[];
    };
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(Object.keys(profile)));
    // Values outside the claims' formats are refused, naming the field.
    for (const [field, value] of [
      ['birthdate', '1852-02-30'],
      ['birthdate', '04/05/1852'],
      ['zoneinfo', 'Mars/Olympus_Mons'],
      ['website', 'javascript:alert(1)'],
      ['profile', 'people.example.com/alice'],
    ]) {
      const refused = await fetch(`${t.url}/admin/users/${alice.id}`, {
        method: 'PATCH',
        headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify({ [field]: value }),
      });
      expect({ field, value, status: refused.status }).toEqual({ field, value, status: 400 });
    }
    // Cleared again, so that the other cases see the user they set up.
    const cleared = Object.fromEntries(Object.keys(profile).map((k) => [k, null]));
    expect(
      (
        await fetch(`${t.url}/admin/users/${alice.id}`, {
          method: 'PATCH',
          headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
          body: JSON.stringify(cleared),
        })
      ).status,
    ).toBe(200);
  });

  it('returns only sub for the openid scope alone, with no-store and any origin allowed', async () => {
    const { accessToken } = await tokensFor();
    const res = await getUserinfo(t, accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sub: alice.id });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('adds the claims the claims parameter asked for in its userinfo member (OIDC Core §5.5)', async () => {
    const { accessToken } = await tokensFor({
      claims: { userinfo: { phone_number: null, email: { essential: true } } },
    });
    expect((await getUserinfo(t, accessToken)).body).toEqual({
      sub: alice.id,
      phone_number: '+44 20 7946 0000',
      email: 'alice@example.com',
    });
  });

  it('accepts the token in a form body on POST (RFC 6750 §2.2), and refuses it sent twice', async () => {
    const { accessToken } = await tokensFor();
    const post = (headers: Record<string, string>) =>
      fetch(`${t.url}/oauth2/userinfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ access_token: accessToken }).toString(),
      });
    const ok = await post({});
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { sub: string }).sub).toBe(alice.id);
    const twice = await post({ authorization: `Bearer ${accessToken}` });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('challenges a request without a token with 401 and no error code (RFC 6750 §3.1)', async () => {
    const res = await fetch(`${t.url}/oauth2/userinfo`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="oauth2"');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a token without the openid scope with 403 insufficient_scope', async () => {
    const { accessToken } = await tokensFor({ scope: ['profile'] });
    const res = await getUserinfo(t, accessToken);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="oauth2", error="insufficient_scope"/);
  });

  it('refuses an unknown, expired or revoked token with 401 invalid_token', async () => {
    const unknown = await getUserinfo(t, 'not-a-token');
    const expired = await tokensFor();
    await t.dataSource.query(`UPDATE tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      hashToken(expired.accessToken),
    ]);
    const revoked = await tokensFor();
    expect((await getUserinfo(t, revoked.accessToken)).status).toBe(200);
    await t.app.get(AuthorizationGrantService).revoke(revoked.grantId, 'test');
    for (const res of [unknown, await getUserinfo(t, expired.accessToken), await getUserinfo(t, revoked.accessToken)]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_token');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="oauth2", error="invalid_token"/);
    }
  });

  it('refuses the token of a user disabled since', async () => {
    const bob = await createUser(t, { username: 'bob' });
    const { accessToken } = await tokensFor({ userId: bob.id });
    await t.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [bob.id]);
    expect((await getUserinfo(t, accessToken)).body.error).toBe('invalid_token');
  });

  it('serves JWT access tokens, and refuses tampered ones and ID tokens used as access tokens', async () => {
    const { code } = await issueCode(t, { clientId: jwtClient.clientId, userId: alice.id, scope: ['openid', 'email'] });
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' },
      { authorization: basicAuth(jwtClient.clientId, jwtClient.clientSecret) },
    );
    const accessToken = res.body.access_token as string;
    expect((await getUserinfo(t, accessToken)).body).toEqual({
      sub: alice.id,
      email: 'alice@example.com',
      email_verified: true,
    });
    const [header, payload, signature] = accessToken.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), scope: 'openid phone' }),
    ).toString('base64url');
    expect((await getUserinfo(t, `${header}.${forged}.${signature}`)).body.error).toBe('invalid_token');
    expect((await getUserinfo(t, res.body.id_token as string)).body.error).toBe('invalid_token');
  });

  it('refuses a client credentials token: it has no user and no openid scope', async () => {
    const service = await createClient(t, {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      allowedScopes: ['profile'],
      defaultScopes: [],
    });
    const cc = await postToken(
      t,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(service.clientId, service.clientSecret) },
    );
    expect(cc.status).toBe(200);
    expect((await getUserinfo(t, cc.body.access_token as string)).status).toBe(403);
  });

  it('answers the CORS preflight of browser-based RPs', async () => {
    const res = await fetch(`${t.url}/oauth2/userinfo`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://spa.example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});
