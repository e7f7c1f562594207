import { KeyObject } from 'node:crypto';
import { compactVerify, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { signCompactJws } from './jws-signing';

describe('signCompactJws', () => {
  it.each(['RS256', 'PS256', 'ES256'])('signs %s tokens that jose verifies, header and payload intact', async (alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg);
    const jws = await signCompactJws(
      alg,
      KeyObject.from(privateKey),
      { alg, kid: 'k1', typ: 'JWT' },
      { sub: 'alice', iat: 1 },
    );
    const { payload, protectedHeader } = await jwtVerify(jws, publicKey, { algorithms: [alg] });
    expect(protectedHeader).toEqual({ alg, kid: 'k1', typ: 'JWT' });
    expect(payload).toEqual({ sub: 'alice', iat: 1 });
  });

  it('makes a signature another key does not verify', async () => {
    const signer = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jws = await signCompactJws('RS256', KeyObject.from(signer.privateKey), { alg: 'RS256' }, { a: 1 });
    await expect(compactVerify(jws, other.publicKey)).rejects.toThrow();
    expect((await exportJWK(signer.publicKey)).kty).toBe('RSA');
  });

  it('refuses an alg it has no parameters for', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expect(signCompactJws('HS256', KeyObject.from(privateKey), { alg: 'HS256' }, {})).rejects.toThrow(
      'cannot sign with HS256',
    );
  });
});
