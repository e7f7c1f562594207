import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { hashToken } from '../src/token/opaque-token';
import { RevokedJtiStore } from '../src/token/storage/revoked-jti.store';
import { postForm } from './support/introspection-requests';
import {
  basicAuth,
  createClient,
  createUser,
  getUserinfo,
  postToken,
  relyingParty,
  tokenRow,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

const PASSWORD = 'correct horse battery';
const USER_CLIENT = {
  grantTypes: ['password', 'refresh_token'],
  redirectUris: [],
  allowedScopes: ['openid', 'profile', 'offline_access'],
};

describe('token revocation (RFC 7009)', () => {
  let t: TestApp;
  let rp: RegisteredClient;
  let jwtRp: RegisteredClient;
  let other: RegisteredClient;
  let publicRp: RegisteredClient;

  const authOf = (as: RegisteredClient): Record<string, string> =>
    as.clientSecret ? { authorization: basicAuth(as.clientId, as.clientSecret) } : {};
  const withClientId = (as: RegisteredClient, params: Record<string, string>) =>
    as.clientSecret ? params : { ...params, client_id: as.clientId };

  const signIn = async (as: RegisteredClient, scope = 'openid offline_access') => {
    const params = { grant_type: 'password', username: 'alice', password: PASSWORD, scope };
    const res = await postToken(t, withClientId(as, params), authOf(as));
    expect(res.status).toBe(200);
    return { accessToken: res.body.access_token as string, refreshToken: res.body.refresh_token as string };
  };
  const refresh = (as: RegisteredClient, refreshToken: string) =>
    postToken(t, withClientId(as, { grant_type: 'refresh_token', refresh_token: refreshToken }), authOf(as));
  const revoke = (as: RegisteredClient, token: string, extra: Record<string, string> = {}) =>
    postForm(t, '/oauth2/revoke', withClientId(as, { token, ...extra }), authOf(as));
  const isActive = async (as: RegisteredClient, token: string) =>
    (await postForm(t, '/oauth2/introspect', withClientId(as, { token }), authOf(as))).body.active;
  const expectRevokedOk = (res: { status: number; text: string; headers: Headers }) => {
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers.get('cache-control')).toBe('no-store');
  };

  beforeAll(async () => {
    t = await startTestApp();
    rp = await createClient(t, USER_CLIENT);
    jwtRp = await createClient(t, { ...USER_CLIENT, accessTokenFormat: 'jwt' });
    other = await createClient(t, USER_CLIENT);
    publicRp = await createClient(t, { ...USER_CLIENT, tokenEndpointAuthMethod: 'none', requirePkce: true });
    await createUser(t, { username: 'alice', password: PASSWORD });
  });
  afterAll(() => t.close());

  it('revokes an opaque access token through a certified RP library, leaving its grant alone', async () => {
    const { accessToken, refreshToken } = await signIn(rp);
    expect((await getUserinfo(t, accessToken)).status).toBe(200);

    await oidc.tokenRevocation(await relyingParty(t, rp), accessToken);

    expect((await getUserinfo(t, accessToken)).status).toBe(401);
    expect(await isActive(rp, accessToken)).toBe(false);
    expect((await tokenRow(t, hashToken(accessToken)))!.revoked_at).not.toBeNull();
    // Only that token: the refresh token still works.
    expect(await isActive(rp, refreshToken)).toBe(true);
    expect((await refresh(rp, refreshToken)).status).toBe(200);
  });

  it('revokes the whole grant with a refresh token: its access tokens die and it cannot refresh', async () => {
    const { accessToken, refreshToken } = await signIn(rp);
    const res = await revoke(rp, refreshToken, { token_type_hint: 'refresh_token' });
    expectRevokedOk(res);

    expect((await getUserinfo(t, accessToken)).status).toBe(401);
    expect(await isActive(rp, accessToken)).toBe(false);
    expect(await isActive(rp, refreshToken)).toBe(false);
    const refused = await refresh(rp, refreshToken);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
    const [grant] = await t.dataSource.query('SELECT revoked_at, revoked_reason FROM grants WHERE id = $1', [
      (await tokenRow(t, hashToken(refreshToken)))!.grant_id,
    ]);
    expect(grant.revoked_at).not.toBeNull();
    expect(grant.revoked_reason).toBe('token_revocation');
  });

  it('finds the token whatever token_type_hint says (RFC 7009 §2.1)', async () => {
    const first = await signIn(rp);
    expectRevokedOk(await revoke(rp, first.refreshToken, { token_type_hint: 'access_token' }));
    expect(await isActive(rp, first.accessToken)).toBe(false);
    const second = await signIn(rp);
    expectRevokedOk(await revoke(rp, second.accessToken, { token_type_hint: 'refresh_token' }));
    expect(await isActive(rp, second.accessToken)).toBe(false);
  });

  it("answers 200 for another client's tokens, and they keep working", async () => {
    const { accessToken, refreshToken } = await signIn(rp);
    const jwt = (await signIn(jwtRp, 'openid')).accessToken;
    for (const token of [accessToken, refreshToken, jwt]) expectRevokedOk(await revoke(other, token));

    expect((await getUserinfo(t, accessToken)).status).toBe(200);
    expect((await getUserinfo(t, jwt)).status).toBe(200);
    expect(await isActive(rp, refreshToken)).toBe(true);
    expect((await refresh(rp, refreshToken)).status).toBe(200);
  });

  it('answers 200 for unknown and malformed tokens, and for a token revoked twice', async () => {
    expectRevokedOk(await revoke(rp, 'not-a-token'));
    expectRevokedOk(await revoke(rp, 'a.b.c'));
    const { accessToken } = await signIn(rp);
    expectRevokedOk(await revoke(rp, accessToken));
    expectRevokedOk(await revoke(rp, accessToken));
  });

  it('records oauth.token_revoked once per token that was live (the audit trail, and webhooks), never the token', async () => {
    const revokedEvents = async () =>
      (await t.dataSource.query(
        `SELECT actor, subject, details FROM audit_events WHERE type = 'oauth.token_revoked' ORDER BY occurred_at`,
      )) as { actor: string; subject: string; details: Record<string, unknown> }[];
    const before = (await revokedEvents()).length;
    const { accessToken, refreshToken } = await signIn(rp);
    const [{ id: aliceId }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'alice'`);
    expectRevokedOk(await revoke(rp, refreshToken));
    expectRevokedOk(await revoke(rp, refreshToken));
    expectRevokedOk(await revoke(other, accessToken));
    const jwt = (await signIn(jwtRp, 'openid')).accessToken;
    expectRevokedOk(await revoke(jwtRp, jwt));

    const events = (await revokedEvents()).slice(before);
    expect(events).toEqual([
      {
        actor: `client:${rp.clientId}`,
        subject: aliceId,
        details: { token_type: 'refresh_token', client_id: rp.clientId },
      },
      {
        actor: `client:${jwtRp.clientId}`,
        subject: aliceId,
        details: { token_type: 'access_token', client_id: jwtRp.clientId },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(refreshToken);
  });

  it('revokes a JWT access token by its jti: introspection and userinfo refuse it until it expires', async () => {
    const { accessToken, refreshToken } = await signIn(jwtRp, 'openid offline_access');
    expect((await getUserinfo(t, accessToken)).status).toBe(200);

    expectRevokedOk(await revoke(jwtRp, accessToken, { token_type_hint: 'access_token' }));

    const userinfo = await getUserinfo(t, accessToken);
    expect(userinfo.status).toBe(401);
    expect(userinfo.body.error).toBe('invalid_token');
    expect(await isActive(jwtRp, accessToken)).toBe(false);
    const { jti, exp } = decodeJwt(accessToken);
    const rows = await t.dataSource.query('SELECT client_id, expires_at FROM revoked_jtis WHERE jti = $1', [jti]);
    expect(rows).toEqual([{ client_id: jwtRp.clientId, expires_at: new Date(exp! * 1000) }]);
    // The grant lives on: a refreshed JWT works.
    const refreshed = await refresh(jwtRp, refreshToken);
    expect(refreshed.status).toBe(200);
    expect((await getUserinfo(t, refreshed.body.access_token as string)).status).toBe(200);
  });

  it('forgets a revoked jti once its token has expired', async () => {
    const { accessToken } = await signIn(jwtRp, 'openid');
    expectRevokedOk(await revoke(jwtRp, accessToken));
    const { jti } = decodeJwt(accessToken);
    await t.dataSource.query(`UPDATE revoked_jtis SET expires_at = now() - interval '1 second' WHERE jti = $1`, [jti]);
    expect(await t.app.get(RevokedJtiStore).purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.query('SELECT 1 FROM revoked_jtis WHERE jti = $1', [jti])).toEqual([]);
  });

  it('lets a public client revoke its own tokens with client_id alone', async () => {
    const { accessToken, refreshToken } = await signIn(publicRp);
    expect(await isActive(publicRp, accessToken)).toBe(true);
    expectRevokedOk(await revoke(publicRp, refreshToken));
    expect(await isActive(publicRp, accessToken)).toBe(false);
    expect((await refresh(publicRp, refreshToken)).body.error).toBe('invalid_grant');
  });

  it('ignores a token_type_hint it does not know, and revokes the token (RFC 7009 §2.2)', async () => {
    for (const hint of ['id_token', 'urn:ietf:params:oauth:token-type:jwt', 'nonsense']) {
      const { accessToken } = await signIn(rp);
      const res = await revoke(rp, accessToken, { token_type_hint: hint });
      expectRevokedOk(res);
      expect(await isActive(rp, accessToken)).toBe(false);
    }
  });

  it('refuses a request without token with 400 invalid_request', async () => {
    const res = await postForm(t, '/oauth2/revoke', {}, authOf(rp));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_description: 'token is required' });
  });

  it('refuses a request without client authentication, or with a bad secret, with 401 invalid_client', async () => {
    const { accessToken } = await signIn(rp);
    const anonymous = await postForm(t, '/oauth2/revoke', { token: accessToken });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
    const badSecret = await postForm(
      t,
      '/oauth2/revoke',
      { token: accessToken },
      { authorization: basicAuth(rp.clientId, 'wrong') },
    );
    expect(badSecret.status).toBe(401);
    expect(badSecret.body.error).toBe('invalid_client');
    expect(badSecret.headers.get('www-authenticate')).toBe('Basic realm="oauth2"');
    expect(await isActive(rp, accessToken)).toBe(true);
  });
});
