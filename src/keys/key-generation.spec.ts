import { calculateJwkThumbprint, importJWK, jwtVerify, SignJWT } from 'jose';
import { generateSigningKey, publicJwkOf } from './key-generation';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

describe('signing key generation', () => {
  it.each(['RS256', 'PS256', 'ES256'] as const)(
    'makes a %s key pair whose kid is its RFC 7638 thumbprint',
    async (alg) => {
      const key = await generateSigningKey(alg);
      expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, 'sha256'));
      expect(key.publicJwk).toMatchObject({ kid: key.kid, alg, use: 'sig' });
      for (const member of PRIVATE_MEMBERS) expect(key.publicJwk).not.toHaveProperty(member);
      expect(key.privateJwk.d).toBeDefined();

      const jwt = await new SignJWT({ sub: 'x' })
        .setProtectedHeader({ alg })
        .sign(await importJWK(key.privateJwk, alg));
      await expect(jwtVerify(jwt, await importJWK(key.publicJwk, alg))).resolves.toBeDefined();
    },
  );

  it('uses 2048-bit RSA and the P-256 curve', async () => {
    const rsa = await generateSigningKey('RS256');
    expect(Buffer.from(rsa.publicJwk.n!, 'base64url')).toHaveLength(256);
    expect((await generateSigningKey('ES256')).publicJwk.crv).toBe('P-256');
  });

  it('publishes only public members, even from a private JWK', () => {
    const jwk = { kty: 'RSA', n: 'n', e: 'AQAB', d: 'd', p: 'p', q: 'q', dp: 'dp', dq: 'dq', qi: 'qi', ext: true };
    expect(publicJwkOf(jwk, 'k1', 'RS256')).toEqual({
      kty: 'RSA',
      n: 'n',
      e: 'AQAB',
      kid: 'k1',
      alg: 'RS256',
      use: 'sig',
    });
  });

  it('refuses a key type it does not know', () => {
    expect(() => publicJwkOf({ kty: 'oct', k: 'secret' }, 'k1', 'HS256')).toThrow(/unsupported/);
  });
});
