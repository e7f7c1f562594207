import { generateKeyPair, exportJWK, SignJWT, jwtVerify } from 'jose';
import { KeySets, type KeySetPolicy } from './key-sets';
import type { OutboundHttp } from './outbound-http';

const POLICY: KeySetPolicy = { timeoutMs: 1000, cooldownMs: 30_000, maxAgeMs: 60_000 };

async function signedBy() {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  const jwt = await new SignJWT({ sub: 's' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
  return { jwks: { keys: [jwk] }, jwt };
}

function keySets(body: unknown) {
  const fetch = jest.fn(
    async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
  );
  return { sets: new KeySets({ fetch } as unknown as OutboundHttp), fetch };
}

describe('KeySets (clients and trusted issuers)', () => {
  it('verifies with inline keys, kept per holder object, without fetching', async () => {
    const { jwks, jwt } = await signedBy();
    const { sets, fetch } = keySets({ keys: [] });
    const holder = { jwks, jwksUri: null };
    const keys = sets.for(holder, POLICY)!;
    await expect(jwtVerify(jwt, keys)).resolves.toMatchObject({ payload: { sub: 's' } });
    expect(sets.for(holder, POLICY)).toBe(keys);
    // A changed client or issuer is a new object: its keys are read again.
    expect(sets.for({ jwks, jwksUri: null }, POLICY)).not.toBe(keys);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('fetches a jwks_uri through the outbound client, one cache per URI, policy and version for every holder', async () => {
    const { jwks, jwt } = await signedBy();
    const { sets, fetch } = keySets(jwks);
    const updatedAt = new Date('2026-12-01T00:00:00Z');
    const client = { jwks: null, jwksUri: 'https://rp.example/jwks', updatedAt };
    // The same client read again from the database after its cache entry expired.
    const reread = { ...client, updatedAt: new Date(updatedAt) };
    const keys = sets.for(client, POLICY)!;
    expect(sets.for(reread, POLICY)).toBe(keys);
    expect(sets.for(client, { ...POLICY, cooldownMs: 1 })).not.toBe(keys);
    await expect(jwtVerify(jwt, keys)).resolves.toMatchObject({ payload: { sub: 's' } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('fetches again for a client registered or changed since, which may have new keys at the same jwks_uri', async () => {
    const first = await signedBy();
    const second = await signedBy();
    let served = first.jwks;
    const fetch = jest.fn(
      async () => new Response(JSON.stringify(served), { headers: { 'content-type': 'application/json' } }),
    );
    const sets = new KeySets({ fetch } as unknown as OutboundHttp);
    const jwksUri = 'https://suite.example/test/a/alias/jwks';
    const holder = (at: string) => ({ jwks: null, jwksUri, updatedAt: new Date(at) });
    await expect(jwtVerify(first.jwt, sets.for(holder('2026-12-01T00:00:00Z'), POLICY)!)).resolves.toBeDefined();
    // The next test registers a new client at the same URI, with a new key of the same kid, within the cooldown.
    served = second.jwks;
    await expect(jwtVerify(second.jwt, sets.for(holder('2026-12-01T00:00:05Z'), POLICY)!)).resolves.toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('has no keys for a holder with neither', () => {
    expect(keySets({}).sets.for({ jwks: null, jwksUri: null }, POLICY)).toBeUndefined();
  });
});
