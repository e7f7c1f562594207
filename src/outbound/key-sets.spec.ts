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

  it('fetches a jwks_uri through the outbound client, one cache per URI and policy for every holder', async () => {
    const { jwks, jwt } = await signedBy();
    const { sets, fetch } = keySets(jwks);
    const client = { jwks: null, jwksUri: 'https://rp.example/jwks' };
    const issuer = { jwks: null, jwksUri: 'https://rp.example/jwks' };
    const keys = sets.for(client, POLICY)!;
    expect(sets.for(issuer, POLICY)).toBe(keys);
    expect(sets.for(issuer, { ...POLICY, cooldownMs: 1 })).not.toBe(keys);
    await expect(jwtVerify(jwt, keys)).resolves.toMatchObject({ payload: { sub: 's' } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('has no keys for a holder with neither', () => {
    expect(keySets({}).sets.for({ jwks: null, jwksUri: null }, POLICY)).toBeUndefined();
  });
});
