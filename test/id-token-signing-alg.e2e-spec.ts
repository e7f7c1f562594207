import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { freePort } from '../src/database/embedded-postgres';
import { SigningKeyService } from '../src/keys/signing-key.service';
import { UsersService } from '../src/users/users.service';
import { CookieJar } from './support/cookie-jar';
import { signInOverHttp } from './support/http-sign-in';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery staple';
const REDIRECT_URI = 'https://rp.example.com/cb';
type Json = Record<string, unknown>;

/**
 * OIDC Registration §2 id_token_signed_response_alg: a client that registers it gets ID Tokens of
 * that alg, or is refused at registration when the keys sign with another; one that does not
 * follows the keys. The alg of the keys is switched as an operator does it: SIGNING_ALG changed
 * on a restart (the next key is then of the new alg), then a rotation. Both servers are one
 * issuer, one after the other on one port and database.
 */
describe('id_token_signed_response_alg', () => {
  let database: string;
  let env: Record<string, string>;
  let rs256: TestApp;
  let es256: TestApp | undefined;

  async function register(t: TestApp, metadata: Json): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT_URI], scope: 'openid profile', ...metadata }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** Registered, then approved (silent sign-ins are not at stake here), and openid-client configured as the RP would. */
  async function registerClient(t: TestApp, metadata: Json) {
    const { status, body } = await register(t, metadata);
    expect({ status, body }).toMatchObject({ status: 201 });
    const config = await oidc.discovery(
      new URL(t.url),
      String(body.client_id),
      // openid-client refuses an ID Token of any alg but the registered one (RS256 when omitted).
      { id_token_signed_response_alg: String(metadata.id_token_signed_response_alg) },
      oidc.ClientSecretBasic(String(body.client_secret)),
      { execute: [oidc.allowInsecureRequests] },
    );
    return { clientId: String(body.client_id), body, config };
  }

  async function authorize(t: TestApp, config: oidc.Configuration) {
    const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
    const checks = { pkceCodeVerifier, expectedNonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
      code_challenge_method: 'S256',
      nonce: checks.expectedNonce,
    });
    const callback = await signInOverHttp(url, REDIRECT_URI, 'alice', PASSWORD, new CookieJar());
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    return { callback, checks };
  }

  async function idTokenOf(t: TestApp, config: oidc.Configuration): Promise<string> {
    const { callback, checks } = await authorize(t, config);
    const tokens = await oidc.authorizationCodeGrant(config, callback, checks);
    return tokens.id_token!;
  }

  const discoveredAlgs = async (t: TestApp) =>
    ((await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Json)
      .id_token_signing_alg_values_supported;

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    env = { PORT: String(port), ISSUER: `http://127.0.0.1:${port}`, REGISTRATION_APPROVAL: 'automatic' };
    rs256 = await startTestApp(env, database);
    await rs256.app.get(UsersService).create({
      username: 'alice',
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice Liddell',
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await (es256 ?? rs256)?.close();
    if (database) await dropTestDatabase(database);
  });

  it('registers RS256 and signs that client’s ID Tokens with it, verified by the RP against the JWKS', async () => {
    const client = await registerClient(rs256, { id_token_signed_response_alg: 'RS256' });
    expect(client.body.id_token_signed_response_alg).toBe('RS256');
    const idToken = await idTokenOf(rs256, client.config);
    const { protectedHeader, payload } = await jwtVerify(
      idToken,
      createRemoteJWKSet(new URL(`${rs256.url}/.well-known/jwks.json`)),
      { issuer: rs256.url, audience: client.clientId, algorithms: ['RS256'] },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.name).toBe('Alice Liddell');
  });

  it('refuses an alg its keys do not sign with as invalid_client_metadata, naming the ones they do', async () => {
    for (const alg of ['ES256', 'PS256']) {
      const { status, body } = await register(rs256, { id_token_signed_response_alg: alg });
      expect({ alg, status, body }).toEqual({
        alg,
        status: 400,
        body: {
          error: 'invalid_client_metadata',
          error_description: 'id_token_signed_response_alg must be one of RS256: the algorithms this server signs with',
        },
      });
    }
    // Unsigned ID Tokens (alg none) are not offered at all.
    const unsigned = await register(rs256, { id_token_signed_response_alg: 'none' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error).toBe('invalid_client_metadata');
    const { count } = (await rs256.dataSource.query<{ count: string }[]>('SELECT count(*) FROM clients'))[0] as {
      count: string;
    };
    expect(Number(count)).toBe(1);
  });

  it('through a switch of the keys to ES256: each client gets its registered alg, or a clear error once no key signs it', async () => {
    const pinned = await registerClient(rs256, { id_token_signed_response_alg: 'RS256' });
    const following = await register(rs256, {});
    expect(following.status).toBe(201);
    expect(following.body).not.toHaveProperty('id_token_signed_response_alg');

    // SIGNING_ALG changed on a restart: the next key is ES256, published and listed ahead.
    await rs256.close();
    es256 = await startTestApp({ ...env, SIGNING_ALG: 'ES256' }, database);
    expect(await discoveredAlgs(es256)).toEqual(['RS256', 'ES256']);
    const early = await registerClient(es256, { id_token_signed_response_alg: 'ES256' });
    expect(early.body.id_token_signed_response_alg).toBe('ES256');

    const keys = es256.app.get(SigningKeyService);
    await keys.rotate();
    // (Discovery, prebuilt, says so within KEY_CACHE_TTL.)
    expect(await keys.signingAlgs()).toEqual(['ES256']);

    // Registered ES256 ahead of the rotation: now signed with it, and openid-client (told ES256) accepts it.
    const early256 = await idTokenOf(es256, early.config);
    expect(decodeProtectedHeader(early256).alg).toBe('ES256');

    // No alg registered: the ID Token follows the keys.
    const followingConfig = await oidc.discovery(
      new URL(es256.url),
      String(following.body.client_id),
      { id_token_signed_response_alg: 'ES256' },
      oidc.ClientSecretBasic(String(following.body.client_secret)),
      { execute: [oidc.allowInsecureRequests] },
    );
    expect(decodeProtectedHeader(await idTokenOf(es256, followingConfig)).alg).toBe('ES256');

    // Pinned to RS256, which no key signs with any more: an error the RP can read, not an ES256 token it would reject.
    const { callback, checks } = await authorize(es256, pinned.config);
    const refused = await oidc.authorizationCodeGrant(pinned.config, callback, checks).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError);
    expect((refused as oidc.ResponseBodyError).error).toBe('invalid_request');
    expect((refused as oidc.ResponseBodyError).error_description).toBe(
      'tokens cannot be signed with RS256: this server signs with ES256',
    );

    // And registering RS256 is refused from now on.
    expect((await register(es256, { id_token_signed_response_alg: 'RS256' })).body.error).toBe(
      'invalid_client_metadata',
    );
  });
});
