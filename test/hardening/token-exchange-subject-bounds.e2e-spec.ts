import * as oidc from 'openid-client';
import { ClientsService } from '../../src/clients/clients.service';
import { TokenTypeUri } from '../../src/clients/token-exchange-policy';
import { UsersService } from '../../src/users/users.service';
import { CookieJar } from '../support/cookie-jar';
import { startTestApp, type TestApp } from '../support/test-app';
import { basicAuth, getUserinfo, postToken, relyingParty, type RegisteredClient } from '../support/token-requests';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ADMIN_TOKEN = 'exchange-bounds-admin-token-0123456789abcdef';
const REDIRECT_URI = 'https://rp.example.com/cb';
const LOGGED_OUT_URI = 'https://rp.example.com/bye';
const PASSWORD = 'correct horse battery staple';
const EVERYTHING = 'openid email phone address profile';

interface SignedIn {
  jar: CookieJar;
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
}

/**
 * Security review #14, item 2. RFC 8693 §2.1 and §5: what a token is exchanged for is at most
 * what the subject token grants, and lives no longer than the authorization behind it. An ID
 * token grants what the grant it was issued in grants; the token it is exchanged for belongs to
 * that grant, so revoking it (admin, logout, a disabled user, a deleted client) ends both.
 */
describe('token exchange is bounded by the subject’s grant', () => {
  let t: TestApp;
  let userId: string;
  let username: string;
  let app: RegisteredClient;

  const newClient = async (): Promise<RegisteredClient> => {
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Exchanging RP',
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [LOGGED_OUT_URI],
      grantTypes: ['authorization_code', 'refresh_token', TOKEN_EXCHANGE],
      allowedScopes: [...EVERYTHING.split(' '), 'offline_access'],
      consentPolicy: 'skip',
      revokeTokensOnLogout: true,
      tokenExchangePolicy: {
        allowedSubjectTokenTypes: [TokenTypeUri.IdToken, TokenTypeUri.AccessToken, TokenTypeUri.RefreshToken],
        allowedAudiences: [],
        allowImpersonation: true,
        allowDelegation: false,
      },
    });
    return { clientId: client.clientId, clientSecret: clientSecret! };
  };

  /** The user signs in through the server's pages and allows `scope`; the RP redeems the code with openid-client. */
  async function signIn(client: RegisteredClient, scope: string): Promise<SignedIn> {
    const config = await relyingParty(t, client);
    const verifier = oidc.randomPKCECodeVerifier();
    const [state, nonce] = [oidc.randomState(), oidc.randomNonce()];
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const jar = new CookieJar();
    let location = (await jar.fetch(authorize.href)).headers.get('location')!;
    const loginPage = await (await jar.fetch(new URL(location, t.url).href)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(loginPage)![1];
    location = (
      await jar.post(new URL(location, t.url).href, { csrf, login: username, password: PASSWORD })
    ).headers.get('location')!;
    // Past the login page, the server hands the browser on until it is back at the RP.
    while (!location.startsWith(REDIRECT_URI))
      location = (await jar.fetch(new URL(location, t.url).href)).headers.get('location')!;
    const tokens = await oidc.authorizationCodeGrant(config, new URL(location), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    return { jar, tokens };
  }

  const exchange = (client: RegisteredClient, subjectToken: string, type: TokenTypeUri, scope?: string) =>
    postToken(
      t,
      {
        grant_type: TOKEN_EXCHANGE,
        subject_token: subjectToken,
        subject_token_type: type,
        ...(scope === undefined ? {} : { scope }),
      },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
  const exchangedFor = async (client: RegisteredClient, subjectToken: string, type: TokenTypeUri) => {
    const res = await exchange(client, subjectToken, type);
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  };
  const admin = (method: string, path: string) =>
    fetch(`${t.url}/admin${path}`, { method, headers: { 'x-admin-token': ADMIN_TOKEN } });

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    username = 'ada';
    userId = (
      await t.app.get(UsersService).create({
        username,
        password: PASSWORD,
        email: 'ada@example.com',
        phoneNumber: '+44 20 7946 0000',
        name: 'Ada Lovelace',
      })
    ).id;
    app = await newClient();
  });
  afterAll(() => t.close());

  it('exchanges an ID token for no more than the scope the user granted', async () => {
    const { tokens } = await signIn(app, 'openid');

    const widened = await exchange(app, tokens.id_token!, TokenTypeUri.IdToken, EVERYTHING);
    expect(widened.status).toBe(400);
    expect(widened.body).toEqual({
      error: 'invalid_scope',
      error_description: "scope beyond the subject_token's: email phone address profile",
    });

    const kept = await exchange(app, tokens.id_token!, TokenTypeUri.IdToken);
    expect(kept.status).toBe(200);
    expect(kept.body.scope).toBe('openid');
    const userinfo = await getUserinfo(t, kept.body.access_token as string);
    expect(userinfo.body).toEqual({ sub: userId });
  });

  it('ends the token exchanged for an ID token when the user’s grants are revoked, and the ID token with it', async () => {
    const { tokens } = await signIn(app, 'openid profile');
    const exchanged = await exchangedFor(app, tokens.id_token!, TokenTypeUri.IdToken);
    expect((await getUserinfo(t, exchanged)).status).toBe(200);

    expect((await admin('DELETE', `/users/${userId}/grants`)).status).toBe(200);

    expect((await getUserinfo(t, exchanged)).status).toBe(401);
    const again = await exchange(app, tokens.id_token!, TokenTypeUri.IdToken);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      error: 'invalid_request',
      error_description: 'the subject_token belongs to no active grant',
    });
  });

  it('ends it when the user logs out and the client’s policy revokes tokens on logout', async () => {
    const { jar, tokens } = await signIn(app, 'openid');
    const exchanged = await exchangedFor(app, tokens.id_token!, TokenTypeUri.IdToken);
    const logout = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: LOGGED_OUT_URI });
    expect((await jar.fetch(`${t.url}/oauth2/logout?${logout}`)).headers.get('location')).toMatch(LOGGED_OUT_URI);

    expect((await getUserinfo(t, exchanged)).status).toBe(401);
    expect((await exchange(app, tokens.id_token!, TokenTypeUri.IdToken)).body.error).toBe('invalid_request');
  });

  it('ends it when the user is disabled, and when the client is deleted', async () => {
    const { tokens } = await signIn(app, 'openid');
    const beforeDisabling = await exchangedFor(app, tokens.id_token!, TokenTypeUri.IdToken);
    expect((await admin('POST', `/users/${userId}/disable`)).status).toBe(200);
    expect((await getUserinfo(t, beforeDisabling)).status).toBe(401);
    expect((await admin('POST', `/users/${userId}/enable`)).status).toBe(200);
    // Enabling the user again brings back neither: disabling revoked the grant.
    expect((await getUserinfo(t, beforeDisabling)).status).toBe(401);
    expect((await exchange(app, tokens.id_token!, TokenTypeUri.IdToken)).body.error).toBe('invalid_request');

    const doomed = await newClient();
    const signedIn = await signIn(doomed, 'openid');
    const beforeDeleting = await exchangedFor(doomed, signedIn.tokens.id_token!, TokenTypeUri.IdToken);
    expect((await getUserinfo(t, beforeDeleting)).status).toBe(200);
    expect((await admin('DELETE', `/clients/${doomed.clientId}`)).status).toBe(204);
    expect((await getUserinfo(t, beforeDeleting)).status).toBe(401);
  });

  it('bounds access and refresh token subjects by their own scope, and ties what they give to their grant', async () => {
    const { tokens } = await signIn(app, 'openid profile offline_access');
    for (const [token, type] of [
      [tokens.access_token, TokenTypeUri.AccessToken],
      [tokens.refresh_token!, TokenTypeUri.RefreshToken],
    ] as const) {
      const widened = await exchange(app, token, type, 'openid email');
      expect([widened.status, widened.body.error]).toEqual([400, 'invalid_scope']);
    }
    const fromAccess = await exchangedFor(app, tokens.access_token, TokenTypeUri.AccessToken);
    const fromRefresh = await exchangedFor(app, tokens.refresh_token!, TokenTypeUri.RefreshToken);
    expect((await getUserinfo(t, fromAccess)).status).toBe(200);

    expect((await admin('DELETE', `/users/${userId}/grants`)).status).toBe(200);
    expect((await getUserinfo(t, fromAccess)).status).toBe(401);
    expect((await getUserinfo(t, fromRefresh)).status).toBe(401);
  });
});
