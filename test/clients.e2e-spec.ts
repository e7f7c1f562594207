import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ClientAuthenticator } from '../src/clients/client-authenticator';
import { ClientsErrorCode } from '../src/clients/clients.error';
import { ClientsService } from '../src/clients/clients.service';
import { JWT_BEARER_ASSERTION_TYPE } from '../src/clients/presented-credentials';
import { OAuthError } from '../src/common/errors/oauth-error';
import { startTestApp, TestApp } from './support/test-app';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  throw new Error('expected the promise to be rejected');
}

describe('clients', () => {
  let t: TestApp;
  let clients: ClientsService;

  beforeAll(async () => {
    // The jwks_uri tests serve keys on 127.0.0.1, which remote fetches reach only when allowed.
    t = await startTestApp({ OUTBOUND_ALLOW: '127.0.0.1' });
    clients = t.app.get(ClientsService);
  });
  afterAll(() => t.close());

  describe('ClientsService', () => {
    it('creates a confidential client, returning a 256-bit secret once and storing only its SHA-256', async () => {
      const { client, clientSecret } = await clients.create({
        clientName: 'Web RP',
        redirectUris: ['https://rp.example.com/cb'],
        allowedScopes: ['openid', 'profile', 'email'],
      });
      expect(client.clientId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(Buffer.from(clientSecret!, 'base64url')).toHaveLength(32);
      const [row] = await t.dataSource.query('SELECT * FROM clients WHERE client_id = $1', [client.clientId]);
      expect(row.client_secret_hash).toBe(sha256(clientSecret!));
      expect(JSON.stringify(row)).not.toContain(clientSecret);
      expect(row.token_endpoint_auth_method).toBe('client_secret_basic');
      expect(row.require_pkce).toBe(true);
      expect(row.grant_types).toEqual(['authorization_code']);
    });

    it('creates a public client with no secret, always requiring PKCE', async () => {
      const { client, clientSecret } = await clients.create({
        clientId: 'spa',
        clientName: 'SPA',
        redirectUris: ['https://spa.example.com/cb'],
        tokenEndpointAuthMethod: 'none',
      });
      expect(clientSecret).toBeUndefined();
      expect(client.clientSecretHash).toBeNull();
      expect(client.requirePkce).toBe(true);
      await expect(
        clients.create({
          clientName: 'x',
          redirectUris: ['https://x/cb'],
          tokenEndpointAuthMethod: 'none',
          requirePkce: false,
        }),
      ).rejects.toMatchObject({ code: ClientsErrorCode.InvalidClientMetadata });
    });

    it('refuses a taken client_id, a bad redirect URI and a private_key_jwt client without keys', async () => {
      await expect(
        clients.create({ clientId: 'spa', clientName: 'again', grantTypes: ['client_credentials'] }),
      ).rejects.toMatchObject({
        code: ClientsErrorCode.ClientIdTaken,
      });
      await expect(
        clients.create({ clientName: 'x', redirectUris: ['https://rp.example.com/cb#frag'] }),
      ).rejects.toMatchObject({
        code: ClientsErrorCode.InvalidRedirectUri,
      });
      await expect(clients.create({ clientName: 'x', redirectUris: ['cb'] })).rejects.toMatchObject({
        code: ClientsErrorCode.InvalidRedirectUri,
      });
      await expect(
        clients.create({
          clientName: 'x',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'private_key_jwt',
        }),
      ).rejects.toMatchObject({ code: ClientsErrorCode.InvalidClientMetadata });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM clients WHERE client_name = 'x'`);
      expect(n).toBe(0);
    });

    it('matches redirect URIs exactly', async () => {
      const spa = (await clients.findById('spa'))!;
      expect(clients.isRedirectUriRegistered(spa, 'https://spa.example.com/cb')).toBe(true);
      expect(clients.isRedirectUriRegistered(spa, 'https://spa.example.com/cb/')).toBe(false);
      expect(clients.isRedirectUriRegistered(spa, 'https://SPA.example.com/cb')).toBe(false);
      expect(clients.isPostLogoutRedirectUriRegistered(spa, 'https://spa.example.com/cb')).toBe(false);
    });

    it('serves findById from its cache until the client changes through the service', async () => {
      expect((await clients.findById('spa'))?.clientName).toBe('SPA');
      await t.dataSource.query(`UPDATE clients SET client_name = 'Changed behind its back' WHERE client_id = 'spa'`);
      expect((await clients.findById('spa'))?.clientName).toBe('SPA');
      await clients.update('spa', { logoUri: 'https://spa.example.com/logo.png' });
      const fresh = (await clients.findById('spa'))!;
      expect([fresh.clientName, fresh.logoUri]).toEqual([
        'Changed behind its back',
        'https://spa.example.com/logo.png',
      ]);
      expect(await clients.findById('nope')).toBeNull();
    });

    it('issues a secret when a public client becomes confidential, and drops it on the way back', async () => {
      const toSecret = await clients.update('spa', { tokenEndpointAuthMethod: 'client_secret_post' });
      expect(toSecret.client.clientSecretHash).toBe(sha256(toSecret.clientSecret!));
      const toPublic = await clients.update('spa', { tokenEndpointAuthMethod: 'none' });
      expect(toPublic.clientSecret).toBeUndefined();
      expect(toPublic.client.clientSecretHash).toBeNull();
      expect(toPublic.client.requirePkce).toBe(true);
    });

    it('ignores fields that are not metadata in an untyped patch', async () => {
      await clients.update('spa', { clientId: 'hijack', clientSecretHash: 'f'.repeat(64) } as never);
      const [row] = await t.dataSource.query(`SELECT client_secret_hash FROM clients WHERE client_id = 'spa'`);
      expect(row.client_secret_hash).toBeNull();
      expect(await clients.findById('hijack')).toBeNull();
    });

    it('lists clients a page at a time, searching id and name', async () => {
      const all = await clients.list();
      expect(all.total).toBeGreaterThanOrEqual(2);
      const page = await clients.list({ search: 'web', limit: 1 });
      expect(page.total).toBe(1);
      expect(page.clients.map((c) => c.clientName)).toEqual(['Web RP']);
      expect((await clients.list({ search: '%' })).total).toBe(0);
    });

    it('deletes a client, and reports an unknown one', async () => {
      await clients.create({ clientId: 'doomed', clientName: 'Doomed', grantTypes: ['client_credentials'] });
      expect(await clients.findById('doomed')).not.toBeNull();
      await clients.delete('doomed');
      expect(await clients.findById('doomed')).toBeNull();
      await expect(clients.delete('doomed')).rejects.toMatchObject({ code: ClientsErrorCode.ClientNotFound });
      await expect(clients.rotateSecret('doomed')).rejects.toMatchObject({ code: ClientsErrorCode.ClientNotFound });
    });
  });

  describe('ClientAuthenticator', () => {
    let authenticator: ClientAuthenticator;
    let audience: string[];
    let basicSecret: string;
    let postSecret: string;
    let privateKey: CryptoKey;
    let publicJwk: JWK;
    let jwksServer: Server;
    let jwksFetches = 0;

    const token = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      authenticator.authenticate({ headers, body: { grant_type: 'client_credentials', ...body } }, audience);

    async function assertion(
      clientId: string,
      overrides: { aud?: string | string[]; exp?: number; iat?: number; jti?: string; key?: CryptoKey } = {},
    ): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(overrides.aud ?? audience[0])
        .setIssuedAt(overrides.iat ?? now)
        .setExpirationTime(overrides.exp ?? now + 60)
        .setJti(overrides.jti ?? randomUUID())
        .sign(overrides.key ?? privateKey);
    }

    const jwtBody = async (clientId: string, overrides?: Parameters<typeof assertion>[1]) => ({
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: await assertion(clientId, overrides),
    });

    beforeAll(async () => {
      authenticator = t.app.get(ClientAuthenticator);
      audience = [`${t.url}/oauth2/token`, t.url];
      const keys = await generateKeyPair('ES256');
      privateKey = keys.privateKey;
      publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'rp-key-1', alg: 'ES256', use: 'sig' };

      jwksServer = createServer((_req, res) => {
        jwksFetches++;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ keys: [publicJwk] }));
      });
      await new Promise<void>((ok) => jwksServer.listen(0, '127.0.0.1', ok));
      const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;

      const service = { clientName: 'Service', grantTypes: ['client_credentials'] };
      basicSecret = (await clients.create({ ...service, clientId: 'basic-client' })).clientSecret!;
      postSecret = (
        await clients.create({ ...service, clientId: 'post-client', tokenEndpointAuthMethod: 'client_secret_post' })
      ).clientSecret!;
      await clients.create({
        clientId: 'public-client',
        clientName: 'Public',
        redirectUris: ['https://public.example.com/cb'],
        tokenEndpointAuthMethod: 'none',
      });
      await clients.create({
        ...service,
        clientId: 'jwt-inline',
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
      });
      await clients.create({ ...service, clientId: 'jwt-remote', tokenEndpointAuthMethod: 'private_key_jwt', jwksUri });
    });
    afterAll(() => new Promise<void>((ok) => jwksServer.close(() => ok())));

    it('authenticates client_secret_basic', async () => {
      expect((await token({}, { authorization: basic('basic-client', basicSecret) })).clientId).toBe('basic-client');
    });

    it('refuses a wrong secret in the Authorization header with 401 and a Basic challenge', async () => {
      const error = await rejection(token({}, { authorization: basic('basic-client', `${basicSecret}x`) }));
      expect([error.error, error.status, error.challenge]).toEqual(['invalid_client', 401, 'Basic']);
    });

    it('authenticates client_secret_post', async () => {
      expect((await token({ client_id: 'post-client', client_secret: postSecret })).clientId).toBe('post-client');
      const error = await rejection(token({ client_id: 'post-client', client_secret: 'wrong' }));
      expect([error.error, error.status, error.challenge]).toEqual(['invalid_client', 401, undefined]);
    });

    it('authenticates a public client by its client_id alone', async () => {
      expect((await token({ client_id: 'public-client' })).clientId).toBe('public-client');
    });

    it('takes a secret client’s secret by Basic or in the body alike (RFC 6749 section 2.3.1), as libraries choose', async () => {
      expect((await token({ client_id: 'basic-client', client_secret: basicSecret })).clientId).toBe('basic-client');
      expect((await token({}, { authorization: basic('post-client', postSecret) })).clientId).toBe('post-client');
      const wrong = await rejection(token({ client_id: 'basic-client', client_secret: `${basicSecret}x` }));
      expect([wrong.error, wrong.status]).toEqual(['invalid_client', 401]);
    });

    it('refuses any other method than the one the client registered', async () => {
      const asPublic = await rejection(token({ client_id: 'basic-client' }));
      expect([asPublic.error, asPublic.status]).toEqual(['invalid_client', 401]);
      // The same answer as for an unknown client: it must not tell how a client authenticates.
      expect(asPublic.errorDescription).toBe('client authentication failed');
      const withSecret = await rejection(token({ client_id: 'jwt-inline', client_secret: 'x' }));
      expect(withSecret.error).toBe('invalid_client');
      const publicWithSecret = await rejection(token({}, { authorization: basic('public-client', 'x') }));
      expect([publicWithSecret.error, publicWithSecret.challenge]).toEqual(['invalid_client', 'Basic']);
    });

    it('refuses an unknown client, and a request naming no client', async () => {
      const unknownBasic = await rejection(token({}, { authorization: basic('nobody', 'x') }));
      expect([unknownBasic.error, unknownBasic.status, unknownBasic.challenge]).toEqual([
        'invalid_client',
        401,
        'Basic',
      ]);
      expect((await rejection(token({ client_id: 'nobody' }))).error).toBe('invalid_client');
      expect((await rejection(token({}))).error).toBe('invalid_client');
    });

    it('refuses two authentication methods at once', async () => {
      const error = await rejection(
        token(
          { client_id: 'basic-client', client_secret: basicSecret },
          { authorization: basic('basic-client', basicSecret) },
        ),
      );
      expect([error.error, error.status]).toEqual(['invalid_request', 400]);
      const jwtAndPost = await rejection(token({ ...(await jwtBody('jwt-inline')), client_secret: 'x' }));
      expect(jwtAndPost.error).toBe('invalid_request');
    });

    it('refuses an expired client secret', async () => {
      // A secret cannot be issued expired: this one expires after it is issued, as time passes.
      const secret = await clients.rotateSecret('basic-client', new Date(Date.now() + 60_000));
      await t.dataSource.query(
        `UPDATE clients SET client_secret_expires_at = now() - interval '1 second' WHERE client_id = 'basic-client'`,
      );
      const error = await rejection(token({}, { authorization: basic('basic-client', secret) }));
      expect(error.errorDescription).toMatch(/expired/);
      basicSecret = await clients.rotateSecret('basic-client');
      expect((await token({}, { authorization: basic('basic-client', basicSecret) })).clientId).toBe('basic-client');
      expect((await rejection(token({}, { authorization: basic('basic-client', secret) }))).error).toBe(
        'invalid_client',
      );
    });

    it('authenticates private_key_jwt against inline jwks, with either audience', async () => {
      expect((await token(await jwtBody('jwt-inline'))).clientId).toBe('jwt-inline');
      expect(
        (await token({ client_id: 'jwt-inline', ...(await jwtBody('jwt-inline', { aud: t.url })) })).clientId,
      ).toBe('jwt-inline');
    });

    it('authenticates private_key_jwt against a jwks_uri, fetching the keys once', async () => {
      expect((await token(await jwtBody('jwt-remote'))).clientId).toBe('jwt-remote');
      expect((await token(await jwtBody('jwt-remote'))).clientId).toBe('jwt-remote');
      expect(jwksFetches).toBe(1);
    });

    it('refuses an assertion signed by another key', async () => {
      const other = await generateKeyPair('ES256');
      const error = await rejection(token(await jwtBody('jwt-inline', { key: other.privateKey })));
      expect([error.error, error.status]).toEqual(['invalid_client', 401]);
    });

    it('refuses an assertion for another audience', async () => {
      const error = await rejection(token(await jwtBody('jwt-inline', { aud: 'https://elsewhere.example.com/token' })));
      expect(error.error).toBe('invalid_client');
      expect(error.errorDescription).toMatch(/aud/);
    });

    it('refuses an aud array that names another server too, and takes one naming only this one', async () => {
      const foreign = await rejection(
        token(await jwtBody('jwt-inline', { aud: ['https://elsewhere.example.com', audience[0]] })),
      );
      expect([foreign.error, foreign.status]).toEqual(['invalid_client', 401]);
      expect(foreign.errorDescription).toMatch(/aud must name this server only/);
      expect((await token(await jwtBody('jwt-inline', { aud: [t.url, audience[0]] }))).clientId).toBe('jwt-inline');
    });

    it('refuses an expired assertion, and one that lives too long', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await rejection(token(await jwtBody('jwt-inline', { exp: now - 120 })));
      expect(expired.errorDescription).toMatch(/expired/);
      const longLived = await rejection(token(await jwtBody('jwt-inline', { exp: now + 3600 })));
      expect(longLived.errorDescription).toMatch(/expire within/);
      // FAPI 2.0 section 5.3.2.1: a clock more than 60 s ahead is refused; within it, taken.
      const ahead = await rejection(token(await jwtBody('jwt-inline', { iat: now + 120, exp: now + 180 })));
      expect(ahead.errorDescription).toBe('client assertion iat is in the future');
      expect((await token(await jwtBody('jwt-inline', { iat: now + 30, exp: now + 90 }))).clientId).toBe('jwt-inline');
    });

    it('refuses a replayed assertion, remembering its jti in used_jtis', async () => {
      const jti = randomUUID();
      const body = await jwtBody('jwt-inline', { jti });
      await token(body);
      const error = await rejection(token(body));
      expect([error.error, error.errorDescription]).toEqual([
        'invalid_client',
        expect.stringMatching(/already been used/),
      ]);
      const rows = await t.dataSource.query('SELECT key, expires_at FROM used_jtis WHERE key = $1', [
        `jwt-inline:${jti}`,
      ]);
      expect(rows).toHaveLength(1);
      expect(new Date(rows[0].expires_at).getTime()).toBeGreaterThan(Date.now());
    });

    it('lets exactly one of two simultaneous uses of an assertion through', async () => {
      const body = await jwtBody('jwt-inline');
      const results = await Promise.allSettled([token(body), token(body)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    });

    it('lets a jti be used again once the assertion that used it has expired', async () => {
      const jti = randomUUID();
      await t.dataSource.query(`INSERT INTO used_jtis (key, expires_at) VALUES ($1, now() - interval '1 minute')`, [
        `jwt-inline:${jti}`,
      ]);
      expect((await token(await jwtBody('jwt-inline', { jti }))).clientId).toBe('jwt-inline');
    });

    describe('token_endpoint_auth_signing_alg (OIDC Registration §2)', () => {
      // One RSA key, which signs RS256 and PS256 alike: only the registered alg tells them apart.
      let rsaPrivate: JWK;

      const rsaBody = async (clientId: string, alg: string) => ({
        client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
        client_assertion: await new SignJWT({})
          .setProtectedHeader({ alg })
          .setIssuer(clientId)
          .setSubject(clientId)
          .setAudience(audience[0])
          .setIssuedAt()
          .setExpirationTime('1m')
          .setJti(randomUUID())
          .sign((await importJWK(rsaPrivate, alg)) as CryptoKey),
      });

      beforeAll(async () => {
        const pair = await generateKeyPair('RS256', { extractable: true });
        rsaPrivate = await exportJWK(pair.privateKey);
        const rsa = { clientName: 'RSA service', grantTypes: ['client_credentials'] };
        const jwks = { keys: [await exportJWK(pair.publicKey)] };
        await clients.create({
          ...rsa,
          clientId: 'jwt-rs256',
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwks,
          tokenEndpointAuthSigningAlg: 'RS256',
        });
        await clients.create({ ...rsa, clientId: 'jwt-rsa-any-alg', tokenEndpointAuthMethod: 'private_key_jwt', jwks });
      });

      it('refuses an assertion signed with another alg than the registered one, however good its signature', async () => {
        expect((await token(await rsaBody('jwt-rs256', 'RS256'))).clientId).toBe('jwt-rs256');
        for (const alg of ['PS256', 'RS512']) {
          const error = await rejection(token(await rsaBody('jwt-rs256', alg)));
          expect([error.error, error.status, error.errorDescription]).toEqual([
            'invalid_client',
            401,
            'client authentication failed',
          ]);
        }
      });

      it('leaves a client that registered none to any asymmetric alg its key fits', async () => {
        for (const alg of ['RS256', 'PS256', 'RS512'])
          expect((await token(await rsaBody('jwt-rsa-any-alg', alg))).clientId).toBe('jwt-rsa-any-alg');
      });

      it('is refused at creation for a method that signs no JWT, or an alg of the other JWT method', async () => {
        const refusal = (fields: Parameters<ClientsService['create']>[0]) =>
          clients.create(fields).then(
            () => undefined,
            (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
          );
        expect(
          await refusal({
            clientName: 'Basic',
            grantTypes: ['client_credentials'],
            tokenEndpointAuthSigningAlg: 'RS256',
          }),
        ).toBe(
          `${ClientsErrorCode.InvalidClientMetadata}: token_endpoint_auth_signing_alg applies to private_key_jwt and client_secret_jwt only, not to token_endpoint_auth_method client_secret_basic`,
        );
        expect(
          await refusal({
            clientName: 'HMAC',
            grantTypes: ['client_credentials'],
            tokenEndpointAuthMethod: 'client_secret_jwt',
            tokenEndpointAuthSigningAlg: 'RS256',
          }),
        ).toMatch(/token_endpoint_auth_signing_alg must be one of HS256, HS384, HS512 for client_secret_jwt$/);
      });

      it('is dropped when an update changes the method alone, kept when the update names it', async () => {
        const { client } = await clients.create({
          clientName: 'Switching',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_jwt',
          tokenEndpointAuthSigningAlg: 'HS384',
        });
        const toBasic = await clients.update(client.clientId, { tokenEndpointAuthMethod: 'client_secret_basic' });
        expect(toBasic.client.tokenEndpointAuthSigningAlg).toBeNull();
        const back = await clients.update(client.clientId, {
          tokenEndpointAuthMethod: 'client_secret_jwt',
          tokenEndpointAuthSigningAlg: 'HS512',
        });
        expect(back.client.tokenEndpointAuthSigningAlg).toBe('HS512');
        const renamed = await clients.update(client.clientId, { clientName: 'Renamed' });
        expect(renamed.client.tokenEndpointAuthSigningAlg).toBe('HS512');
      });
    });

    it('refuses an assertion whose client_id parameter disagrees with its subject', async () => {
      const error = await rejection(token({ client_id: 'jwt-remote', ...(await jwtBody('jwt-inline')) }));
      expect(error.error).toBe('invalid_request');
    });
  });
});
