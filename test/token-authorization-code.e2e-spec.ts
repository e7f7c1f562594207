import { createHash, randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { AuthorizationCodeService } from '../src/token/authorization-code.service';
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
  tokenRow,
  verifyWithJwks,
  type CodeInput,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

const REDIRECT_URI = 'https://rp.example.com/cb';
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

describe('token endpoint: authorization_code', () => {
  let t: TestApp;
  let client: RegisteredClient;
  let alice: User;
  const codeFor = (input: Partial<CodeInput> = {}) =>
    issueCode(t, { clientId: client.clientId, userId: alice.id, scope: ['openid', 'profile'], ...input });
  const exchange = (params: Record<string, string>, as: RegisteredClient = client) =>
    postToken(
      t,
      { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, ...params },
      as.clientSecret ? { authorization: basicAuth(as.clientId, as.clientSecret) } : {},
    );

  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t, {
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [REDIRECT_URI],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
    });
    alice = await createUser(t, { username: 'alice', email: 'alice@example.com', name: 'Alice Liddell' });
  });
  afterAll(() => t.close());

  const tokensOfGrant = async (grantId: string): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM tokens WHERE grant_id = $1', [grantId]))[0].n;
  const grantsOfClient = async (): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM grants WHERE client_id = $1', [client.clientId]))[0].n;

  it('redeems a code with PKCE through a certified RP library, with a valid ID token', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const sessionId = randomUUID();
    const { code, grantId } = await codeFor({
      scope: ['openid', 'profile', 'offline_access'],
      nonce,
      sessionId,
      codeChallenge: s256(verifier),
      codeChallengeMethod: 'S256',
    });
    const rp = await relyingParty(t, client);
    const tokens = await oidc.authorizationCodeGrant(
      rp,
      new URL(`${REDIRECT_URI}?code=${code}&iss=${encodeURIComponent(t.url)}`),
      {
        pkceCodeVerifier: verifier,
        expectedNonce: nonce,
        idTokenExpected: true,
      },
    );
    expect(tokens.scope).toBe('openid profile offline_access');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: t.url,
      sub: alice.id,
      aud: client.clientId,
      azp: client.clientId,
      nonce,
      sid: sessionId,
      amr: ['pwd'],
    });
    expect(typeof claims.auth_time).toBe('number');
    await verifyWithJwks(t, tokens.id_token!, { audience: client.clientId });

    for (const value of [tokens.access_token, tokens.refresh_token!]) {
      expect(await tokenRow(t, hashToken(value))).toMatchObject({ grant_id: grantId, user_id: alice.id });
    }
    const [codeRow] = await t.dataSource.query('SELECT consumed_at FROM authorization_codes WHERE grant_id = $1', [
      grantId,
    ]);
    expect(codeRow.consumed_at).not.toBeNull();
  });

  it('puts claims asked for by the claims parameter into the ID token (OIDC Core §5.5)', async () => {
    const { code } = await codeFor({ claims: { id_token: { email: { essential: true }, name: null } } });
    const res = await exchange({ code });
    expect(res.status).toBe(200);
    const idToken = decodeJwt(res.body.id_token as string);
    expect(idToken).toMatchObject({ email: 'alice@example.com', name: 'Alice Liddell' });
    expect(idToken.nonce).toBeUndefined();
  });

  it('refuses a code used twice, and revokes the tokens issued with it', async () => {
    const { code, grantId } = await codeFor({ scope: ['openid', 'offline_access'] });
    const first = await exchange({ code });
    expect(first.status).toBe(200);
    expect((await getUserinfo(t, first.body.access_token as string)).status).toBe(200);

    const second = await exchange({ code });
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');

    const userinfo = await getUserinfo(t, first.body.access_token as string);
    expect(userinfo.status).toBe(401);
    expect(userinfo.body.error).toBe('invalid_token');
    const refresh = await postToken(
      t,
      { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(refresh.body.error).toBe('invalid_grant');
    const [grant] = await t.dataSource.query('SELECT revoked_at, revoked_reason FROM grants WHERE id = $1', [grantId]);
    expect(grant.revoked_at).not.toBeNull();
    expect(grant.revoked_reason).toBe('authorization_code_replay');
  });

  it('revokes JWT access tokens of a replayed code too', async () => {
    const jwtClient = await createClient(t, {
      redirectUris: [REDIRECT_URI],
      allowedScopes: ['openid', 'profile'],
      accessTokenFormat: 'jwt',
    });
    const { code } = await issueCode(t, { clientId: jwtClient.clientId, userId: alice.id, scope: ['openid'] });
    const first = await exchange({ code }, jwtClient);
    const accessToken = first.body.access_token as string;
    const { payload } = await verifyWithJwks(t, accessToken, { typ: 'at+jwt', audience: t.url });
    expect(payload).toMatchObject({ sub: alice.id, client_id: jwtClient.clientId, scope: 'openid' });
    expect(typeof payload.auth_time).toBe('number');
    // RFC 9068 §2.2.1: how the user signed in (issueCode signs in with a password).
    expect(payload).toMatchObject({ acr: '1', amr: ['pwd'] });
    expect((await getUserinfo(t, accessToken)).status).toBe(200);
    await exchange({ code }, jwtClient);
    expect((await getUserinfo(t, accessToken)).body.error).toBe('invalid_token');
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const { code } = await codeFor({ codeChallenge: s256(oidc.randomPKCECodeVerifier()), codeChallengeMethod: 'S256' });
    const res = await exchange({ code, code_verifier: oidc.randomPKCECodeVerifier() });
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/PKCE/) });
  });

  it('refuses a missing code_verifier when the code has a challenge', async () => {
    const { code } = await codeFor({ codeChallenge: s256(oidc.randomPKCECodeVerifier()), codeChallengeMethod: 'S256' });
    const res = await exchange({ code });
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'code_verifier is required (PKCE)' });
  });

  it('refuses a code_verifier for a code issued without a challenge (PKCE downgrade)', async () => {
    const { code } = await codeFor();
    const res = await exchange({ code, code_verifier: oidc.randomPKCECodeVerifier() });
    expect(res.body.error).toBe('invalid_grant');
  });

  it('accepts a plain challenge only when the code says plain', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const plain = await codeFor({ codeChallenge: verifier, codeChallengeMethod: 'plain' });
    expect((await exchange({ code: plain.code, code_verifier: verifier })).status).toBe(200);
    const hashed = await codeFor({ codeChallenge: verifier, codeChallengeMethod: 'S256' });
    expect((await exchange({ code: hashed.code, code_verifier: verifier })).body.error).toBe('invalid_grant');
  });

  it('refuses a malformed code_verifier with invalid_request', async () => {
    const { code } = await codeFor({ codeChallenge: 'x'.repeat(43), codeChallengeMethod: 'plain' });
    expect((await exchange({ code, code_verifier: 'short' })).body.error).toBe('invalid_request');
  });

  it('refuses a redirect_uri that differs from the authorization request, and requires it', async () => {
    const wrong = await codeFor();
    const res = await exchange({ code: wrong.code, redirect_uri: 'https://rp.example.com/cb/' });
    expect(res.body).toEqual({
      error: 'invalid_grant',
      error_description: 'redirect_uri does not match the authorization request',
    });
    const missing = await codeFor();
    const noRedirect = await postToken(
      t,
      { grant_type: 'authorization_code', code: missing.code },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(noRedirect.body.error).toBe('invalid_request');
  });

  it('refuses a code issued to another client', async () => {
    const other = await createClient(t, { redirectUris: [REDIRECT_URI] });
    const { code } = await codeFor();
    const res = await exchange({ code }, other);
    expect(res.body).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code was issued to another client',
    });
  });

  it('refuses an expired code and an unknown one', async () => {
    const { code } = await codeFor();
    await t.dataSource.query(
      `UPDATE authorization_codes SET expires_at = now() - interval '1 second' WHERE code_hash = $1`,
      [hashToken(code)],
    );
    expect((await exchange({ code })).body.error).toBe('invalid_grant');
    expect((await exchange({ code: 'no-such-code' })).body.error).toBe('invalid_grant');
  });

  it('refuses the code of a user disabled since, and issues nothing for it', async () => {
    const bob = await createUser(t, { username: 'bob' });
    const { code, grantId } = await codeFor({ userId: bob.id, scope: ['openid', 'offline_access'] });
    await t.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [bob.id]);
    const res = await exchange({ code });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'the user can no longer sign in' });
    expect(await tokensOfGrant(grantId)).toBe(0);
  });

  it('refuses a code whose grant was revoked after it was issued, and issues nothing for it', async () => {
    const { code, grantId } = await codeFor({ scope: ['openid', 'offline_access'] });
    await t.app.get(AuthorizationGrantService).revoke(grantId, 'user_logout');
    const res = await exchange({ code });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'the authorization has been revoked' });
    expect(await tokensOfGrant(grantId)).toBe(0);
    // Spent all the same: presenting it again is a replay, which finds the grant revoked already.
    const [row] = await t.dataSource.query('SELECT consumed_at FROM authorization_codes WHERE code_hash = $1', [
      hashToken(code),
    ]);
    expect(row.consumed_at).not.toBeNull();
    const [grant] = await t.dataSource.query('SELECT revoked_reason FROM grants WHERE id = $1', [grantId]);
    expect(grant.revoked_reason).toBe('user_logout');
  });

  describe('a grant written with its code (the end of an interactive sign-in)', () => {
    const grantInput = (sessionId: string | null = null) => ({
      clientId: client.clientId,
      userId: alice.id,
      sessionId,
      scope: ['openid', 'profile', 'offline_access'],
      resources: [],
      // The user's name in the ID token: read from the user the redemption joined.
      claims: { id_token: { name: null } },
      authTime: new Date(Date.now() - 3000),
      amr: ['pwd', 'otp'],
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const codeInput = (grant: ReturnType<typeof grantInput>, verifier: string) => ({
      clientId: grant.clientId,
      userId: alice.id,
      sessionId: grant.sessionId,
      redirectUri: REDIRECT_URI,
      scope: grant.scope,
      claims: grant.claims,
      nonce: 'n-0S6_WzA2Mj',
      codeChallenge: s256(verifier),
      codeChallengeMethod: 'S256' as const,
      authTime: grant.authTime,
      amr: grant.amr,
      dpopJkt: null,
    });

    it('stores both, the code of that grant, and redeems the code for tokens of it', async () => {
      const verifier = oidc.randomPKCECodeVerifier();
      const input = grantInput();
      const { grant, code } = await t.app
        .get(AuthorizationCodeService)
        .issueWithGrant(input, codeInput(input, verifier));
      expect(grant).toMatchObject({ id: expect.any(String), createdAt: expect.any(Date), amr: ['pwd', 'otp'] });
      const [grantRow] = await t.dataSource.query('SELECT * FROM grants WHERE id = $1', [grant.id]);
      expect(grantRow).toMatchObject({
        client_id: client.clientId,
        user_id: alice.id,
        scope: ['openid', 'profile', 'offline_access'],
        amr: ['pwd', 'otp'],
        auth_time: input.authTime,
        expires_at: input.expiresAt,
        created_at: grant.createdAt,
        revoked_at: null,
      });
      const [codeRow] = await t.dataSource.query('SELECT * FROM authorization_codes WHERE code_hash = $1', [
        hashToken(code),
      ]);
      expect(codeRow).toMatchObject({
        grant_id: grant.id,
        client_id: client.clientId,
        user_id: alice.id,
        nonce: 'n-0S6_WzA2Mj',
        code_challenge_method: 'S256',
        consumed_at: null,
      });

      const res = await exchange({ code, code_verifier: verifier });
      expect(res.status).toBe(200);
      expect(decodeJwt(res.body.id_token as string)).toMatchObject({
        sub: alice.id,
        nonce: 'n-0S6_WzA2Mj',
        amr: ['pwd', 'otp'],
        name: 'Alice Liddell',
      });
      expect(await tokenRow(t, hashToken(res.body.refresh_token as string))).toMatchObject({ grant_id: grant.id });
    });

    it('stores neither when the code cannot be stored', async () => {
      const input = grantInput();
      const before = await grantsOfClient();
      const tooLong = { ...codeInput(input, oidc.randomPKCECodeVerifier()), dpopJkt: 'x'.repeat(44) };
      await expect(t.app.get(AuthorizationCodeService).issueWithGrant(input, tooLong)).rejects.toThrow();
      expect(await grantsOfClient()).toBe(before);
    });
  });

  it('serves a public client that proves possession with PKCE', async () => {
    const spa = await createClient(t, {
      redirectUris: [REDIRECT_URI],
      tokenEndpointAuthMethod: 'none',
      allowedScopes: ['openid'],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const { code } = await issueCode(t, {
      clientId: spa.clientId,
      userId: alice.id,
      codeChallenge: s256(verifier),
      codeChallengeMethod: 'S256',
    });
    const res = await postToken(t, {
      grant_type: 'authorization_code',
      client_id: spa.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(res.status).toBe(200);
    expect(res.body.id_token).toEqual(expect.any(String));
  });

  it('requires the code parameter', async () => {
    expect((await exchange({})).body).toEqual({ error: 'invalid_request', error_description: 'code is required' });
  });
});
