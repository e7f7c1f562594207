import { randomBytes } from 'node:crypto';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import * as oidc from 'openid-client';
import { ClientsService } from '../src/clients/clients.service';
import type { ProviderMetadata } from '../src/discovery/provider-metadata';
import { SigningKeyService } from '../src/keys/signing-key.service';
import { ScopesService } from '../src/scopes/scopes.service';
import { AuthorizationGrantService } from '../src/token/authorization-grants/authorization-grant.service';
import { hashToken } from '../src/token/opaque-token';
import type { User } from '../src/users/user.entity';
import { postForm } from './support/introspection-requests';
import {
  basicAuth,
  createClient,
  createUser,
  postToken,
  relyingParty,
  tokenRow,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

const PASSWORD = 'correct horse battery';
const SCOPES = ['openid', 'profile', 'offline_access', 'api:read'];
const USER_CLIENT = { grantTypes: ['password', 'refresh_token', 'client_credentials'], redirectUris: [] };

describe('token introspection (RFC 7662)', () => {
  let t: TestApp;
  let rp: RegisteredClient;
  let jwtRp: RegisteredClient;
  let other: RegisteredClient;
  let resourceServer: RegisteredClient;
  let publicRp: RegisteredClient;
  let alice: User;

  const passwordTokens = async (as: RegisteredClient, scope = 'openid offline_access', username = 'alice') => {
    const auth: Record<string, string> = as.clientSecret
      ? { authorization: basicAuth(as.clientId, as.clientSecret) }
      : {};
    const params = { grant_type: 'password', username, password: PASSWORD, scope };
    const res = await postToken(t, as.clientSecret ? params : { ...params, client_id: as.clientId }, auth);
    expect(res.status).toBe(200);
    return {
      accessToken: res.body.access_token as string,
      refreshToken: res.body.refresh_token as string,
      idToken: res.body.id_token as string,
    };
  };
  const clientToken = async (as: RegisteredClient) => {
    const res = await postToken(
      t,
      { grant_type: 'client_credentials', scope: 'api:read' },
      { authorization: basicAuth(as.clientId, as.clientSecret) },
    );
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  /** Introspection by a client_secret_basic client, raw, to check exact bodies and headers. */
  const introspect = (as: RegisteredClient, token: string, extra: Record<string, string> = {}) =>
    postForm(t, '/oauth2/introspect', { token, ...extra }, { authorization: basicAuth(as.clientId, as.clientSecret) });
  const isActive = async (as: RegisteredClient, token: string) => (await introspect(as, token)).body.active;
  const expectInactive = async (as: RegisteredClient, token: string) => {
    const res = await introspect(as, token);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"active":false}');
  };
  /** A JWT access token as the issuer makes it, signed by the server's own key. */
  const signAccessToken = (claims: Record<string, unknown>) =>
    t.app.get(SigningKeyService).sign(
      {
        sub: alice.id,
        aud: t.url,
        client_id: jwtRp.clientId,
        scope: 'openid',
        jti: randomBytes(16).toString('base64url'),
        ...claims,
      },
      { typ: 'at+jwt' },
    );

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(ScopesService).create({ name: 'api:read', description: 'Read the API' });
    rp = await createClient(t, { ...USER_CLIENT, allowedScopes: SCOPES });
    jwtRp = await createClient(t, { ...USER_CLIENT, allowedScopes: SCOPES, accessTokenFormat: 'jwt' });
    other = await createClient(t, { ...USER_CLIENT, allowedScopes: SCOPES });
    resourceServer = await createClient(t, { isResourceServer: true });
    publicRp = await createClient(t, {
      grantTypes: ['password', 'refresh_token'],
      redirectUris: [],
      allowedScopes: SCOPES,
      tokenEndpointAuthMethod: 'none',
      requirePkce: true,
    });
    alice = await createUser(t, { username: 'alice', password: PASSWORD });
  });
  afterAll(() => t.close());

  describe('active tokens', () => {
    it('describes an opaque access token to its client through a certified RP library', async () => {
      const { accessToken } = await passwordTokens(rp);
      const result = await oidc.tokenIntrospection(await relyingParty(t, rp), accessToken);
      expect(result).toEqual({
        active: true,
        scope: 'openid offline_access',
        client_id: rp.clientId,
        username: 'alice',
        token_type: 'Bearer',
        exp: expect.any(Number),
        iat: expect.any(Number),
        nbf: result.iat,
        sub: alice.id,
        aud: t.url,
        iss: t.url,
        // RFC 9470 §6.2: the sign-in behind the token, for a resource server that needs a stronger or fresher one.
        acr: '1',
        auth_time: expect.any(Number),
      });
      expect(Math.abs((result.auth_time as number) - result.iat!)).toBeLessThan(5);
      expect(result.exp! - result.iat!).toBeGreaterThanOrEqual(3599);
      expect(result.exp! - result.iat!).toBeLessThanOrEqual(3601);
      expect(Math.abs(result.iat! - Date.now() / 1000)).toBeLessThan(10);
    });

    it('answers with no-store, as JSON', async () => {
      const { accessToken } = await passwordTokens(rp);
      const res = await introspect(rp, accessToken);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('pragma')).toBe('no-cache');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('describes a JWT access token with its own jti, iat and exp', async () => {
      const { accessToken } = await passwordTokens(jwtRp, 'openid profile');
      const claims = decodeJwt(accessToken);
      const res = await introspect(jwtRp, accessToken);
      expect(res.body).toEqual({
        active: true,
        scope: 'openid profile',
        client_id: jwtRp.clientId,
        username: 'alice',
        token_type: 'Bearer',
        exp: claims.exp,
        iat: claims.iat,
        nbf: claims.iat,
        sub: alice.id,
        aud: t.url,
        iss: t.url,
        jti: claims.jti,
        acr: '1',
        auth_time: claims.auth_time,
      });
    });

    it('names the client as sub, and no username, for client credentials tokens of both formats', async () => {
      for (const as of [rp, jwtRp]) {
        const res = await introspect(as, await clientToken(as));
        expect(res.body).toMatchObject({ active: true, scope: 'api:read', client_id: as.clientId, sub: as.clientId });
        expect(res.body).not.toHaveProperty('username');
      }
    });

    it('describes an unused refresh token, without a token_type, and not once it has been rotated', async () => {
      const { refreshToken } = await passwordTokens(rp);
      const res = await introspect(rp, refreshToken);
      expect(res.body).toMatchObject({
        active: true,
        scope: 'openid offline_access',
        client_id: rp.clientId,
        username: 'alice',
        sub: alice.id,
        acr: '1',
        auth_time: expect.any(Number),
      });
      expect(res.body).not.toHaveProperty('token_type');

      const rotated = await postToken(
        t,
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        { authorization: basicAuth(rp.clientId, rp.clientSecret) },
      );
      expect(rotated.status).toBe(200);
      await expectInactive(rp, refreshToken);
      expect(await isActive(rp, rotated.body.refresh_token as string)).toBe(true);
    });

    it('finds a token whatever token_type_hint says, and ignores a hint it does not know (RFC 7662 §2.1)', async () => {
      const { accessToken, refreshToken } = await passwordTokens(rp);
      const jwt = (await passwordTokens(jwtRp, 'openid')).accessToken;
      for (const [token, hint] of [
        [accessToken, 'refresh_token'],
        [refreshToken, 'access_token'],
        [jwt, 'refresh_token'],
        [accessToken, 'id_token'],
        [refreshToken, 'nonsense'],
      ]) {
        const as = token === jwt ? jwtRp : rp;
        expect((await introspect(as, token, { token_type_hint: hint })).body.active).toBe(true);
      }
    });
  });

  describe('inactive tokens', () => {
    it('says only {"active":false} for unknown tokens, opaque or JWT-shaped, and for ID tokens', async () => {
      await expectInactive(rp, 'not-a-token');
      await expectInactive(rp, randomBytes(32).toString('base64url'));
      await expectInactive(rp, 'a.b.c');
      const { accessToken, idToken } = await passwordTokens(jwtRp, 'openid');
      await expectInactive(jwtRp, `${accessToken.slice(0, -4)}AAAA`);
      // Signed by this server, but an ID token is no access token (RFC 9068 §4: typ at+jwt).
      await expectInactive(jwtRp, idToken);
    });

    it('says inactive for an expired opaque access token', async () => {
      const { accessToken } = await passwordTokens(rp);
      expect(await isActive(rp, accessToken)).toBe(true);
      await t.dataSource.query(`UPDATE tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
        hashToken(accessToken),
      ]);
      await expectInactive(rp, accessToken);
    });

    it('says inactive for an expired JWT access token, which is active with a later exp', async () => {
      const now = Math.floor(Date.now() / 1000);
      expect(await isActive(jwtRp, await signAccessToken({ iat: now, exp: now + 60 }))).toBe(true);
      await expectInactive(jwtRp, await signAccessToken({ iat: now - 120, exp: now - 60 }));
    });

    it('says inactive for an expired refresh token', async () => {
      const { refreshToken } = await passwordTokens(rp);
      await t.dataSource.query(`UPDATE tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
        hashToken(refreshToken),
      ]);
      await expectInactive(rp, refreshToken);
    });

    it('says inactive for every token of a revoked grant, opaque and JWT', async () => {
      const opaque = await passwordTokens(rp);
      const jwt = await passwordTokens(jwtRp);
      for (const [as, token] of [
        [rp, opaque.accessToken],
        [rp, opaque.refreshToken],
        [jwtRp, jwt.accessToken],
      ] as const) {
        expect(await isActive(as, token)).toBe(true);
      }
      const grants = t.app.get(AuthorizationGrantService);
      await grants.revoke((await tokenRow(t, hashToken(opaque.refreshToken)))!.grant_id as string, 'test');
      await grants.revoke(decodeJwt(jwt.accessToken).grant_id as string, 'test');
      await expectInactive(rp, opaque.accessToken);
      await expectInactive(rp, opaque.refreshToken);
      await expectInactive(jwtRp, jwt.accessToken);
    });

    it('says inactive for a revoked token row', async () => {
      const { accessToken } = await passwordTokens(rp);
      await t.dataSource.query(`UPDATE tokens SET revoked_at = now() WHERE token_hash = $1`, [hashToken(accessToken)]);
      await expectInactive(rp, accessToken);
    });

    it('says inactive for the tokens of a user disabled since', async () => {
      const bob = await createUser(t, { username: 'bob', password: PASSWORD });
      const opaque = await passwordTokens(rp, 'openid offline_access', 'bob');
      const jwt = await passwordTokens(jwtRp, 'openid', 'bob');
      expect(await isActive(rp, opaque.accessToken)).toBe(true);
      await t.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [bob.id]);
      await expectInactive(rp, opaque.accessToken);
      await expectInactive(rp, opaque.refreshToken);
      await expectInactive(jwtRp, jwt.accessToken);
    });

    it('says inactive for the tokens of a deleted client, to a resource server too', async () => {
      const doomed = await createClient(t, { ...USER_CLIENT, allowedScopes: SCOPES });
      const doomedJwt = await createClient(t, { ...USER_CLIENT, allowedScopes: SCOPES, accessTokenFormat: 'jwt' });
      const opaque = await clientToken(doomed);
      const jwt = await clientToken(doomedJwt);
      expect(await isActive(resourceServer, opaque)).toBe(true);
      expect(await isActive(resourceServer, jwt)).toBe(true);
      await t.app.get(ClientsService).delete(doomed.clientId);
      await t.app.get(ClientsService).delete(doomedJwt.clientId);
      await expectInactive(resourceServer, opaque);
      await expectInactive(resourceServer, jwt);
    });
  });

  describe('who may introspect what (RFC 7662 §4)', () => {
    it("lets a resource server introspect other clients' access tokens, opaque and JWT", async () => {
      const opaque = (await passwordTokens(rp)).accessToken;
      const jwt = (await passwordTokens(jwtRp, 'openid')).accessToken;
      expect((await introspect(resourceServer, opaque)).body).toMatchObject({ active: true, client_id: rp.clientId });
      expect((await introspect(resourceServer, jwt)).body).toMatchObject({ active: true, client_id: jwtRp.clientId });
    });

    it("says only inactive to an ordinary client asking about another client's tokens", async () => {
      const { accessToken, refreshToken } = await passwordTokens(rp);
      const jwt = (await passwordTokens(jwtRp, 'openid')).accessToken;
      for (const token of [accessToken, refreshToken, jwt]) await expectInactive(other, token);
    });

    it("never shows a client's refresh token to a resource server: refresh tokens are not for them", async () => {
      const { refreshToken } = await passwordTokens(rp);
      await expectInactive(resourceServer, refreshToken);
    });

    it("lets a client named in an access token's audience introspect it", async () => {
      const { accessToken } = await passwordTokens(rp);
      await t.dataSource.query(`UPDATE tokens SET audience = $2 WHERE token_hash = $1`, [
        hashToken(accessToken),
        [other.clientId],
      ]);
      expect((await introspect(other, accessToken)).body).toMatchObject({ active: true, aud: other.clientId });
      const now = Math.floor(Date.now() / 1000);
      const jwt = await signAccessToken({ aud: [t.url, other.clientId], iat: now, exp: now + 60 });
      expect((await introspect(other, jwt)).body).toMatchObject({ active: true, aud: [t.url, other.clientId] });
    });

    it('lets a public client introspect its own tokens only, authenticated by client_id alone', async () => {
      const own = await passwordTokens(publicRp);
      const introspectAsPublic = (token: string) =>
        postForm(t, '/oauth2/introspect', { token, client_id: publicRp.clientId });
      expect((await introspectAsPublic(own.accessToken)).body).toMatchObject({
        active: true,
        client_id: publicRp.clientId,
      });
      expect((await introspectAsPublic(own.refreshToken)).body.active).toBe(true);
      const theirs = await passwordTokens(rp);
      expect((await introspectAsPublic(theirs.accessToken)).text).toBe('{"active":false}');
      // And the public client's tokens are as private as anyone's.
      await expectInactive(other, own.accessToken);
    });

    const libraryClient = (client: RegisteredClient, auth: oidc.ClientAuth) =>
      oidc.discovery(new URL(t.url), client.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
    const introspectOwnToken = async (config: oidc.Configuration) => {
      const { access_token } = await oidc.clientCredentialsGrant(config, { scope: 'api:read' });
      return oidc.tokenIntrospection(config, access_token);
    };
    const SERVICE = {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      allowedScopes: ['api:read'],
      defaultScopes: ['api:read'],
    };

    it('authenticates a client_secret_post client', async () => {
      const post = await createClient(t, { ...SERVICE, tokenEndpointAuthMethod: 'client_secret_post' });
      const config = await libraryClient(post, oidc.ClientSecretPost(post.clientSecret));
      expect(await introspectOwnToken(config)).toMatchObject({ active: true, client_id: post.clientId });
    });

    it('authenticates a private_key_jwt client, its assertion addressed to the issuer', async () => {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      const keyed = await createClient(t, {
        ...SERVICE,
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwks: { keys: [jwk] },
      });
      const config = await libraryClient(keyed, oidc.PrivateKeyJwt({ key: privateKey, kid: 'k1' }));
      expect(await introspectOwnToken(config)).toMatchObject({ active: true, client_id: keyed.clientId });
    });
  });

  describe('request errors', () => {
    it('refuses a request without token with 400 invalid_request, no-store', async () => {
      const res = await postForm(
        t,
        '/oauth2/introspect',
        {},
        { authorization: basicAuth(rp.clientId, rp.clientSecret) },
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', error_description: 'token is required' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses a body that is not form-encoded (RFC 7662 §2.1) with 400 invalid_request', async () => {
      for (const path of ['/oauth2/introspect', '/oauth2/revoke']) {
        const empty = await fetch(`${t.url}${path}`, { method: 'POST' });
        expect(empty.status).toBe(400);
        expect(((await empty.json()) as { error: string }).error).toBe('invalid_request');
        const text = await fetch(`${t.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', authorization: basicAuth(rp.clientId, rp.clientSecret) },
          body: 'token=x',
        });
        expect(text.status).toBe(400);
      }
    });

    it('refuses a repeated token parameter (RFC 6749 §3.1)', async () => {
      const res = await postForm(t, '/oauth2/introspect', [
        ['token', 'a'],
        ['token', 'b'],
        ['client_id', publicRp.clientId],
      ]);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    });

    it('refuses bad client credentials with 401 invalid_client and a Basic challenge', async () => {
      const res = await postForm(
        t,
        '/oauth2/introspect',
        { token: 'x' },
        { authorization: basicAuth(rp.clientId, 'wrong') },
      );
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="oauth2"');
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses a request without client authentication, and a bearer token in its place, with 401', async () => {
      const none = await postForm(t, '/oauth2/introspect', { token: 'x' });
      expect(none.status).toBe(401);
      expect(none.body.error).toBe('invalid_client');
      // RFC 9110 §15.5.2: a 401 always names a scheme to authenticate with.
      expect(none.headers.get('www-authenticate')).toBe('Basic realm="oauth2"');
      const { accessToken } = await passwordTokens(rp);
      const bearer = await postForm(
        t,
        '/oauth2/introspect',
        { token: accessToken },
        { authorization: `Bearer ${accessToken}` },
      );
      expect(bearer.status).toBe(401);
      expect(bearer.body.error).toBe('invalid_client');
    });
  });

  it('is announced in the discovery documents (RFC 8414 §2)', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const metadata = (await (await fetch(`${t.url}${path}`)).json()) as ProviderMetadata;
      expect(metadata).toMatchObject({
        introspection_endpoint: `${t.url}/oauth2/introspect`,
        introspection_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'client_secret_jwt',
          'private_key_jwt',
          'none',
        ],
        revocation_endpoint: `${t.url}/oauth2/revoke`,
        revocation_endpoint_auth_methods_supported: [
          'client_secret_basic',
          'client_secret_post',
          'client_secret_jwt',
          'private_key_jwt',
          'none',
        ],
      });
      expect(metadata.introspection_endpoint_auth_signing_alg_values_supported).toContain('ES256');
      expect(metadata.revocation_endpoint_auth_signing_alg_values_supported).toContain('EdDSA');
    }
  });
});
