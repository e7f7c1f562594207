import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { accessTokenHash, checkDpopProof, normalisedUrl } from './dpop-proof';

const URL = 'https://op.example.com/oauth2/token';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function keyPair(): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

async function proof(
  key: { privateKey: CryptoKey; jwk: JWK },
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ htm: 'POST', htu: URL, jti: Math.random().toString(36), iat, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { error: string; errorDescription: string }) => `${error.error}: ${error.errorDescription}`,
  );

describe('checkDpopProof (RFC 9449 §4.3)', () => {
  it('accepts a proof for the request and gives the RFC 7638 thumbprint of its key', async () => {
    const key = await keyPair();
    const checked = await checkDpopProof(await proof(key, { nonce: 'n' }), { method: 'POST', url: URL });
    expect(checked.jkt).toBe(await calculateJwkThumbprint(key.jwk, 'sha256'));
    expect(checked.nonce).toBe('n');
  });

  it('compares htu without query and fragment, after normalising scheme and host case and the default port', async () => {
    const key = await keyPair();
    const htu = 'HTTPS://OP.example.com:443/oauth2/token?x=1#f';
    await expect(checkDpopProof(await proof(key, { htu }), { method: 'POST', url: URL })).resolves.toBeDefined();
    expect(normalisedUrl('not a url')).toBeUndefined();
  });

  it('refuses another method or URL, an old iat, a wrong typ and a non-JWT', async () => {
    const key = await keyPair();
    const expected = { method: 'POST', url: URL };
    expect(await refusal(checkDpopProof(await proof(key, { htm: 'GET' }), expected))).toMatch(
      /^invalid_dpop_proof: .*htm/,
    );
    expect(await refusal(checkDpopProof(await proof(key, { htu: `${URL}x` }), expected))).toMatch(/htu/);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect(await refusal(checkDpopProof(await proof(key, { iat: old }), expected))).toMatch(/iat/);
    expect(await refusal(checkDpopProof(await proof(key, {}, { typ: 'JWT' }), expected))).toMatch(/invalid_dpop_proof/);
    expect(await refusal(checkDpopProof('abc', expected))).toMatch(/invalid_dpop_proof/);
  });

  it('checks a proof under a header it has seen before as fully as the first: its own signature and claims', async () => {
    const key = await keyPair();
    const expected = { method: 'POST', url: URL };
    const first = await proof(key);
    await expect(checkDpopProof(first, expected)).resolves.toBeDefined();
    const [header, , signature] = first.split('.');
    const claims = { htm: 'POST', htu: URL, jti: 'other', iat: Math.floor(Date.now() / 1000) };
    // The victim's header (jwk) over another payload: signed by someone else, or not signed at all.
    const thief = await keyPair();
    const [, thiefPayload, thiefSignature] = (await proof(thief, claims, { jwk: key.jwk })).split('.');
    expect(await refusal(checkDpopProof(`${header}.${thiefPayload}.${thiefSignature}`, expected))).toMatch(
      /signature verification failed/,
    );
    expect(await refusal(checkDpopProof(`${header}.${b64(claims)}.${signature}`, expected))).toMatch(
      /signature verification failed/,
    );
    expect(await refusal(checkDpopProof(`${header}.${b64(claims)}`, expected))).toMatch(/not a compact JWS/);
    expect(await refusal(checkDpopProof(`${first}.x`, expected))).toMatch(/not a compact JWS/);
    expect(await refusal(checkDpopProof(await proof(key, { htm: 'GET' }), expected))).toMatch(/htm/);
  });

  it('refuses a proof whose jwk holds the private key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const token = await new SignJWT({ htm: 'POST', htu: URL, jti: 'j' })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .setIssuedAt()
      .sign(privateKey);
    expect(publicKey).toBeDefined();
    expect(await refusal(checkDpopProof(token, { method: 'POST', url: URL }))).toMatch(/invalid_dpop_proof/);
  });

  it('refuses a symmetric alg', async () => {
    // jose's types keep a secret key out of a header: the same token, signed here with Node's crypto.
    const header = b64({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: 'AA' } });
    const payload = b64({ htm: 'POST', htu: URL, jti: 'j', iat: Math.floor(Date.now() / 1000) });
    const mac = createHmac('sha256', '0123456789abcdef0123456789abcdef').update(`${header}.${payload}`);
    const token = `${header}.${payload}.${mac.digest('base64url')}`;
    expect(await refusal(checkDpopProof(token, { method: 'POST', url: URL }))).toMatch(/invalid_dpop_proof/);
  });

  it('at a resource, requires ath to be the hash of the access token presented', async () => {
    const key = await keyPair();
    const expected = { method: 'GET', url: URL, accessToken: 'token-1' };
    const good = await proof(key, { htm: 'GET', ath: accessTokenHash('token-1') });
    await expect(checkDpopProof(good, expected)).resolves.toBeDefined();
    const other = await proof(key, { htm: 'GET', ath: accessTokenHash('token-2') });
    expect(await refusal(checkDpopProof(other, expected))).toMatch(/ath/);
    expect(await refusal(checkDpopProof(await proof(key, { htm: 'GET' }), expected))).toMatch(/ath/);
  });

  it('accepts every advertised alg with its own key type, each with the RFC 7638 thumbprint', async () => {
    for (const alg of ['ES256', 'PS256', 'RS256', 'EdDSA']) {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(publicKey);
      const token = await new SignJWT({ htm: 'POST', htu: URL, jti: alg })
        .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk })
        .setIssuedAt()
        .sign(privateKey);
      const checked = await checkDpopProof(token, { method: 'POST', url: URL });
      expect(checked.jkt).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
    }
  });

  it('refuses a tampered payload, a crit header, a key of another type than its alg, and a short RSA key', async () => {
    const key = await keyPair();
    const expected = { method: 'POST', url: URL };
    const [h, , sig] = (await proof(key)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ htm: 'POST', htu: URL, jti: 'x', iat: Math.floor(Date.now() / 1000) }),
    ).toString('base64url');
    expect(await refusal(checkDpopProof(`${h}.${forged}.${sig}`, expected))).toMatch(/signature verification failed/);
    // jose will not sign an unknown crit: signed here with Node's crypto.
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const critHeader = b64({
      alg: 'ES256',
      typ: 'dpop+jwt',
      jwk: ec.publicKey.export({ format: 'jwk' }),
      crit: ['x-n'],
      'x-n': 1,
    });
    const critPayload = b64({ htm: 'POST', htu: URL, jti: 'c', iat: Math.floor(Date.now() / 1000) });
    const critSignature = sign('sha256', Buffer.from(`${critHeader}.${critPayload}`), {
      key: ec.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
    expect(await refusal(checkDpopProof(`${critHeader}.${critPayload}.${critSignature}`, expected))).toMatch(/crit/);
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const mismatched = await new SignJWT({ htm: 'POST', htu: URL, jti: 'm' })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(rsa.publicKey) })
      .setIssuedAt()
      .sign(key.privateKey);
    expect(await refusal(checkDpopProof(mismatched, expected))).toMatch(/does not suit its alg/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weakHeader = b64({ alg: 'RS256', typ: 'dpop+jwt', jwk: small.publicKey.export({ format: 'jwk' }) });
    const weakSignature = sign('sha256', Buffer.from(`${weakHeader}.${critPayload}`), small.privateKey).toString(
      'base64url',
    );
    const weak = `${weakHeader}.${critPayload}.${weakSignature}`;
    expect(await refusal(checkDpopProof(weak, expected))).toMatch(/at least 2048 bits/);
  });
});
