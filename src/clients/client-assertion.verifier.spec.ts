import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { UsedJtiStore } from '../common/replay/used-jti.store';
import type { AppConfig } from '../config/app-config';
import type { KeySets } from '../outbound/key-sets';
import { Client } from './client.entity';
import { ClientAssertionVerifier } from './client-assertion.verifier';
import { clientDefaults } from './client-input';
import { ClientNotProven } from './client-not-proven.error';
import type { ClientSecretSealer } from './client-secret-sealer';

const ISSUER = 'https://id.example.com';
const AUDIENCE = [`${ISSUER}/oauth2/token`, ISSUER];
const SECRET = 'a-client-secret-0123456789abcdef0123456789';

describe('ClientAssertionVerifier', () => {
  // One RSA key, which signs RS* and PS* alike (as a JWK without alg allows).
  let rsa: { privateJwk: JWK; publicJwk: JWK };
  // Counts the key lookups: an assertion of a refused alg must not get as far as the keys.
  let keyLookups: number;

  const verifier = () => {
    const keys = createLocalJWKSet({ keys: [rsa.publicJwk] });
    return new ClientAssertionVerifier(
      {
        for: () => (header: Parameters<typeof keys>[0], token: Parameters<typeof keys>[1]) => {
          keyLookups++;
          return keys(header, token);
        },
      } as unknown as KeySets,
      { consume: () => Promise.resolve(true) } as unknown as UsedJtiStore,
      { open: (sealed: string) => sealed } as unknown as ClientSecretSealer,
      { issuer: ISSUER } as AppConfig,
    );
  };

  const client = (fields: Partial<Client>): Client =>
    Object.assign(new Client(), { ...clientDefaults(), clientId: 'rp', clientName: 'RP', ...fields });
  const secretJwtClient = (alg: string | null) =>
    client({
      tokenEndpointAuthMethod: 'client_secret_jwt',
      clientSecretEncrypted: SECRET,
      clientSecretExpiresAt: null,
      tokenEndpointAuthSigningAlg: alg,
    });
  const privateKeyJwtClient = (alg: string | null) =>
    client({
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [rsa.publicJwk] },
      tokenEndpointAuthSigningAlg: alg,
    });

  const assertion = async (alg: string, key: JWK | Uint8Array = rsa.privateJwk) =>
    new SignJWT({})
      .setProtectedHeader({ alg })
      .setIssuer('rp')
      .setSubject('rp')
      .setAudience(AUDIENCE[0])
      .setIssuedAt()
      .setExpirationTime('1m')
      .setJti(randomUUID())
      .sign(key instanceof Uint8Array ? key : ((await importJWK(key, alg)) as CryptoKey));
  const hmac = (alg: string) => assertion(alg, new TextEncoder().encode(SECRET));

  async function refusal(promise: Promise<unknown>): Promise<ClientNotProven> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ClientNotProven)) throw new Error(`expected ClientNotProven, got ${String(error)}`);
    return error;
  }

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    rsa = { privateJwk: await exportJWK(pair.privateKey), publicJwk: await exportJWK(pair.publicKey) };
  });
  beforeEach(() => (keyLookups = 0));

  it('takes any HMAC alg from a client_secret_jwt client that registered no token_endpoint_auth_signing_alg', async () => {
    for (const alg of ['HS256', 'HS384', 'HS512'])
      await expect(verifier().verify(secretJwtClient(null), await hmac(alg), AUDIENCE)).resolves.toBeUndefined();
  });

  it('holds a client_secret_jwt client to its registered alg (OIDC Registration §2), saying why for the audit trail', async () => {
    const registered = secretJwtClient('HS256');
    await expect(verifier().verify(registered, await hmac('HS256'), AUDIENCE)).resolves.toBeUndefined();
    for (const alg of ['HS384', 'HS512']) {
      const refused = await refusal(verifier().verify(registered, await hmac(alg), AUDIENCE));
      expect(refused.reason).toBe(
        `client assertion rejected: it is signed with ${alg}, not HS256, the client's token_endpoint_auth_signing_alg`,
      );
    }
  });

  it('takes any asymmetric alg its key fits from a private_key_jwt client that registered none', async () => {
    for (const alg of ['RS256', 'PS256', 'RS512'])
      await expect(
        verifier().verify(privateKeyJwtClient(null), await assertion(alg), AUDIENCE),
      ).resolves.toBeUndefined();
  });

  it('refuses a private_key_jwt assertion of another alg than the registered one before looking for a key', async () => {
    const registered = privateKeyJwtClient('RS256');
    await expect(verifier().verify(registered, await assertion('RS256'), AUDIENCE)).resolves.toBe(undefined);
    keyLookups = 0;
    const refused = await refusal(verifier().verify(registered, await assertion('PS256'), AUDIENCE));
    expect(refused.reason).toBe(
      "client assertion rejected: it is signed with PS256, not RS256, the client's token_endpoint_auth_signing_alg",
    );
    expect(keyLookups).toBe(0);
  });

  it('names the algs of the method when an assertion has none of them', async () => {
    const refused = await refusal(verifier().verify(privateKeyJwtClient(null), await hmac('HS256'), AUDIENCE));
    expect(refused.reason).toMatch(/^client assertion rejected: it is signed with HS256, not one of RS256, .*, EdDSA/);
  });
});
