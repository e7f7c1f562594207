import { KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { buildKeyRing } from './key-ring';
import { SigningKey, SigningKeyState } from './signing-key.entity';

const row = (kid: string, state: SigningKeyState, alg = 'RS256', extra: object = {}): SigningKey =>
  Object.assign(new SigningKey(), { kid, alg, state, publicJwk: { kty: 'RSA', n: 'n', e: 'AQAB', ...extra } });

describe('buildKeyRing', () => {
  const signer = async () => {
    const { privateKey } = await generateKeyPair('RS256');
    return { kid: 'a', alg: 'RS256', key: KeyObject.from(privateKey) };
  };

  it('publishes the signing key first, then the next, then retired ones', async () => {
    const ring = buildKeyRing([row('n', 'next'), row('r', 'retired'), row('a', 'active')], await signer());
    expect(ring.jwks.keys.map((k) => k.kid)).toEqual(['a', 'n', 'r']);
  });

  it('publishes only public members, frozen', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const leaked = await exportJWK(privateKey);
    const ring = buildKeyRing([row('a', 'active', 'RS256', leaked)], await signer());
    expect(Object.keys(ring.jwks.keys[0]).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(Object.isFrozen(ring.jwks)).toBe(true);
    expect(Object.isFrozen(ring.jwks.keys[0])).toBe(true);
  });

  it('signs with the active alg and names the next key alg as coming', async () => {
    const ring = buildKeyRing(
      [row('a', 'active'), row('n', 'next', 'ES256'), row('r', 'retired', 'PS256')],
      await signer(),
    );
    expect(ring.signingAlgs).toEqual(['RS256', 'ES256']);
    expect(ring.publishedAlgs.sort()).toEqual(['ES256', 'PS256', 'RS256']);
  });
});
