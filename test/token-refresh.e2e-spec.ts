import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
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
  tokenRow,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';
import { UsersService } from '../src/users/users.service';

const FULL_SCOPE = ['openid', 'profile', 'email', 'offline_access'];

describe('token endpoint: refresh_token', () => {
  let t: TestApp;
  let client: RegisteredClient;
  let alice: User;
  let rp: oidc.Configuration;

  /** Signs alice in through a code, as the authorization endpoint would, and returns the tokens. */
  const signIn = async (scope = FULL_SCOPE) => {
    const { code, grantId } = await issueCode(t, {
      clientId: client.clientId,
      userId: alice.id,
      scope,
      nonce: 'n-0S6',
    });
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(res.status).toBe(200);
    return {
      grantId,
      accessToken: res.body.access_token as string,
      refreshToken: res.body.refresh_token as string,
      idToken: res.body.id_token as string,
    };
  };
  const refresh = (refreshToken: string, extra: Record<string, string> = {}, as: RegisteredClient = client) =>
    postToken(
      t,
      { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
      { authorization: basicAuth(as.clientId, as.clientSecret) },
    );
  const grantOf = async (grantId: string) =>
    (await t.dataSource.query('SELECT * FROM grants WHERE id = $1', [grantId]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t, { grantTypes: ['authorization_code', 'refresh_token'], allowedScopes: FULL_SCOPE });
    alice = await createUser(t, { username: 'alice', email: 'alice@example.com', givenName: 'Alice' });
    rp = await relyingParty(t, client);
  });
  afterAll(() => t.close());

  it('rotates the refresh token on every use, through a certified RP library', async () => {
    const first = await signIn();
    const tokens = await oidc.refreshTokenGrant(rp, first.refreshToken);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).not.toBe(first.refreshToken);
    expect(tokens.scope).toBe(FULL_SCOPE.join(' '));
    // OIDC Core §12.2: same subject and authentication time, no nonce.
    const original = decodeJwt(first.idToken);
    const renewed = tokens.claims()!;
    expect(renewed).toMatchObject({ sub: alice.id, aud: client.clientId, auth_time: original.auth_time });
    expect(renewed.nonce).toBeUndefined();
    expect(await oidc.fetchUserInfo(rp, tokens.access_token, alice.id)).toMatchObject({ email: 'alice@example.com' });

    const old = await tokenRow(t, hashToken(first.refreshToken));
    expect(old!.consumed_at).not.toBeNull();
    const next = await tokenRow(t, hashToken(tokens.refresh_token!));
    expect(next).toMatchObject({ grant_id: first.grantId, consumed_at: null, scope: FULL_SCOPE });
  });

  it('puts the granted scopes’ claims in the code’s and every refreshed ID Token, as they are now', async () => {
    const first = await signIn();
    // Auth.js, express-openid-connect and passport read the user from the ID Token.
    expect(decodeJwt(first.idToken)).toMatchObject({ email: 'alice@example.com', given_name: 'Alice' });
    await t.app.get(UsersService).update(alice.id, { givenName: 'Alicia' });
    const renewed = await refresh(first.refreshToken);
    expect(renewed.status).toBe(200);
    const claims = decodeJwt(renewed.body.id_token as string);
    expect(claims).toMatchObject({ sub: alice.id, email: 'alice@example.com', given_name: 'Alicia' });
    expect(typeof claims.updated_at).toBe('number');
    // Narrowed to openid: no scope claims, but still the subject.
    const narrowed = await refresh(renewed.body.refresh_token as string, { scope: 'openid' });
    const bare = decodeJwt(narrowed.body.id_token as string);
    expect(bare.sub).toBe(alice.id);
    expect(bare.email).toBeUndefined();
    await t.app.get(UsersService).update(alice.id, { givenName: 'Alice' });
  });

  it('revokes the whole grant when a rotated refresh token is reused', async () => {
    const first = await signIn();
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect((await getUserinfo(t, second.body.access_token as string)).status).toBe(200);

    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    expect((await grantOf(first.grantId)).revoked_reason).toBe('refresh_token_reuse');

    // Every token of the family is dead: the access tokens of both steps and the newest refresh token.
    for (const accessToken of [first.accessToken, second.body.access_token as string]) {
      expect((await getUserinfo(t, accessToken)).body.error).toBe('invalid_token');
    }
    expect((await refresh(second.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('lets the scope narrow, never widen, and keeps the original scope for the next refresh (RFC 6749 §6)', async () => {
    const first = await signIn(['openid', 'profile', 'offline_access']);
    const wider = await refresh(first.refreshToken, { scope: 'openid email' });
    expect(wider.body.error).toBe('invalid_scope');

    // Asking for too much does not use the refresh token up.
    const narrow = await refresh(first.refreshToken, { scope: 'profile' });
    expect(narrow.status).toBe(200);
    expect(narrow.body.scope).toBe('profile');
    expect(narrow.body.id_token).toBeUndefined();
    expect((await tokenRow(t, hashToken(narrow.body.access_token as string)))!.scope).toEqual(['profile']);

    const again = await refresh(narrow.body.refresh_token as string);
    expect(again.body.scope).toBe('openid profile offline_access');
    expect(again.body.id_token).toEqual(expect.any(String));
  });

  it('serves exactly one of 20 concurrent uses of one refresh token; the others count as reuse', async () => {
    const first = await signIn();
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(first.refreshToken)));
    const served = results.filter((r) => r.status === 200);
    expect(served).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.error === 'invalid_grant')).toHaveLength(19);
    // No grace window: the losers trigger the reuse rule, so even the winner's tokens are revoked.
    expect((await grantOf(first.grantId)).revoked_at).not.toBeNull();
    expect((await getUserinfo(t, served[0].body.access_token as string)).status).toBe(401);
  });

  it('answers each of many concurrent refreshes for its own token, the good ones served and the rest left usable', async () => {
    const grants = await Promise.all(Array.from({ length: 8 }, () => signIn(['openid', 'profile', 'offline_access'])));
    const other = await createClient(t, { grantTypes: ['refresh_token'], redirectUris: [], allowedScopes: FULL_SCOPE });
    const [plain1, plain2, narrowed, plain3, ofOther, wider, twice, plain4] = grants;
    const results = await Promise.all([
      refresh(plain1.refreshToken),
      refresh(plain2.refreshToken),
      refresh(narrowed.refreshToken, { scope: 'profile' }),
      refresh(plain3.refreshToken),
      refresh(ofOther.refreshToken, {}, other),
      refresh(wider.refreshToken, { scope: 'openid email' }),
      refresh(twice.refreshToken),
      refresh(twice.refreshToken),
      refresh(plain4.refreshToken),
    ]);
    const [r1, r2, rNarrowed, r3, rOther, rWider, rTwiceA, rTwiceB, r4] = results;
    for (const [res, grant] of [
      [r1, plain1],
      [r2, plain2],
      [r3, plain3],
      [r4, plain4],
      [rNarrowed, narrowed],
    ] as const) {
      expect(res.status).toBe(200);
      // Each successor belongs to the grant of the token that was presented, not a neighbour's.
      expect(await tokenRow(t, hashToken(res.body.refresh_token as string))).toMatchObject({
        grant_id: grant.grantId,
        scope: ['openid', 'profile', 'offline_access'],
      });
    }
    expect(rNarrowed.body.scope).toBe('profile');
    expect(r1.body.scope).toBe('openid profile offline_access');
    expect(rOther.body.error).toBe('invalid_grant');
    expect(rWider.body.error).toBe('invalid_scope');
    // Refused without being used up, and their grants untouched.
    for (const grant of [ofOther, wider]) {
      expect((await tokenRow(t, hashToken(grant.refreshToken)))!.consumed_at).toBeNull();
      expect((await grantOf(grant.grantId)).revoked_at).toBeNull();
    }
    // One token sent twice at once: one use served, the other taken as reuse.
    expect([rTwiceA.status, rTwiceB.status].sort()).toEqual([200, 400]);
    expect((await grantOf(twice.grantId)).revoked_reason).toBe('refresh_token_reuse');
  });

  it("refuses another client's refresh token without using it up", async () => {
    const first = await signIn();
    const other = await createClient(t, { grantTypes: ['refresh_token'], redirectUris: [], allowedScopes: FULL_SCOPE });
    expect((await refresh(first.refreshToken, {}, other)).body.error).toBe('invalid_grant');
    expect((await refresh(first.refreshToken)).status).toBe(200);
    expect((await grantOf(first.grantId)).revoked_at).toBeNull();
  });

  it('refuses an expired refresh token and an unknown one', async () => {
    const first = await signIn();
    await t.dataSource.query(`UPDATE tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      hashToken(first.refreshToken),
    ]);
    expect((await refresh(first.refreshToken)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token is invalid, expired or revoked',
    });
    expect((await refresh('no-such-token')).body.error).toBe('invalid_grant');
  });

  it('never extends a refresh token past the absolute end of its grant', async () => {
    const first = await signIn();
    await t.dataSource.query(`UPDATE grants SET expires_at = now() + interval '100 seconds' WHERE id = $1`, [
      first.grantId,
    ]);
    const next = await refresh(first.refreshToken);
    const row = await tokenRow(t, hashToken(next.body.refresh_token as string));
    expect(new Date(row!.expires_at as string).getTime()).toBeLessThanOrEqual(
      new Date((await grantOf(first.grantId)).expires_at).getTime(),
    );
    await t.dataSource.query(`UPDATE grants SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      first.grantId,
    ]);
    expect((await refresh(next.body.refresh_token as string)).body.error).toBe('invalid_grant');
  });

  it('refuses to refresh for a user disabled since', async () => {
    const first = await signIn();
    await t.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [alice.id]);
    try {
      expect((await refresh(first.refreshToken)).body.error).toBe('invalid_grant');
    } finally {
      await t.dataSource.query('UPDATE users SET disabled = false WHERE id = $1', [alice.id]);
    }
  });

  it('refuses a client no longer registered for the refresh_token grant with unauthorized_client', async () => {
    const codeOnly = await createClient(t, { allowedScopes: FULL_SCOPE });
    expect((await refresh('anything', {}, codeOnly)).body.error).toBe('unauthorized_client');
  });
});

describe('ID_TOKEN_SCOPE_CLAIMS=without_access_token (OIDC Core §5.4 to the letter)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('leaves the scopes’ claims to userinfo in ID Tokens that come with an access token', async () => {
    t = await startTestApp({ ID_TOKEN_SCOPE_CLAIMS: 'without_access_token' });
    const client = await createClient(t, {
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: FULL_SCOPE,
    });
    const alice = await createUser(t, { username: 'alice', email: 'alice@example.com', givenName: 'Alice' });
    const { code } = await issueCode(t, { clientId: client.clientId, userId: alice.id, scope: FULL_SCOPE });
    const auth = { authorization: basicAuth(client.clientId, client.clientSecret) };
    const res = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' },
      auth,
    );
    expect(decodeJwt(res.body.id_token as string)).not.toHaveProperty('email');
    const renewed = await postToken(
      t,
      { grant_type: 'refresh_token', refresh_token: res.body.refresh_token as string },
      auth,
    );
    expect(decodeJwt(renewed.body.id_token as string)).not.toHaveProperty('given_name');
    expect((await getUserinfo(t, renewed.body.access_token as string)).body).toMatchObject({
      email: 'alice@example.com',
      given_name: 'Alice',
    });
  });
});
