import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, generateKeyPair, type JWK } from 'jose';
import { KeyEncryption } from '../src/keys/key-encryption';
import { SigningKeyService } from '../src/keys/signing-key.service';
import { OAuthError } from '../src/common/errors/oauth-error';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { startTestApp, TEST_SECRETS, TestApp } from './support/test-app';

interface KeyRow {
  kid: string;
  alg: string;
  state: string;
  public_jwk: JWK;
  private_jwk_encrypted: string;
  remove_after: Date | null;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const now = () => Math.floor(Date.now() / 1000);

const keysOf = (t: TestApp) => t.app.get(SigningKeyService);
const rows = (t: TestApp) =>
  t.dataSource.query<KeyRow[]>('SELECT * FROM signing_keys ORDER BY created_at') as Promise<KeyRow[]>;
const stateOf = async (t: TestApp) => {
  const all = await rows(t);
  return { active: all.filter((r) => r.state === 'active'), next: all.filter((r) => r.state === 'next') };
};
const publishedKids = async (url: string) => {
  const res = await fetch(`${url}/.well-known/jwks.json`);
  return ((await res.json()) as { keys: JWK[] }).keys.map((k) => k.kid);
};
const signedKid = async (t: TestApp) => decodeProtectedHeader(await keysOf(t).sign({ sub: 'probe' })).kid;
const idToken = (t: TestApp, claims: Record<string, unknown> = {}) =>
  keysOf(t).sign({
    sub: 'user-1',
    aud: 'client-1',
    exp: now() + 300,
    nonce: 'n-0S6_WzA2Mj',
    auth_time: now(),
    ...claims,
  });

describe('signing keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KEY_CACHE_TTL: '0' });
  });
  afterAll(() => t.close());

  it('starts with one active key and its successor already published', async () => {
    const { active, next } = await stateOf(t);
    expect(active).toHaveLength(1);
    expect(next).toHaveLength(1);
    expect((await publishedKids(t.url)).sort()).toEqual([active[0].kid, next[0].kid].sort());
    expect(await signedKid(t)).toBe(active[0].kid);
  });

  it('signs an ID token that a relying party verifies with the published JWKS', async () => {
    const jwt = await idToken(t);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const rp = createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(jwt, rp, { issuer: t.url, audience: 'client-1' });
    expect(payload).toMatchObject({ iss: t.url, sub: 'user-1', nonce: 'n-0S6_WzA2Mj' });
    expect(payload.iat).toBeGreaterThan(now() - 5);
  });

  it('sets the typ it is asked for, and refuses an alg its active key cannot make', async () => {
    const jwt = await keysOf(t).sign({ sub: 'x' }, { typ: 'at+jwt' });
    expect(decodeProtectedHeader(jwt).typ).toBe('at+jwt');
    await expect(keysOf(t).sign({ sub: 'x' }, { alg: 'ES256' })).rejects.toThrow(/signs with RS256/);
  });

  it('verifies its own tokens, and an expired one only when asked to', async () => {
    await expect(keysOf(t).verify(await idToken(t), { audience: 'client-1' })).resolves.toMatchObject({
      sub: 'user-1',
    });
    const expired = await idToken(t, { exp: now() - 3600, iat: now() - 7200 });
    await expect(keysOf(t).verify(expired)).rejects.toMatchObject({ error: 'invalid_token' });
    await expect(keysOf(t).verify(expired, { allowExpired: true })).resolves.toMatchObject({ sub: 'user-1' });
    await expect(keysOf(t).verify(expired, { allowExpired: true, audience: 'someone-else' })).rejects.toThrow(/"aud"/);
  });

  it('refuses a token from another issuer or another key', async () => {
    const otherIssuer = await keysOf(t).sign({ iss: 'https://evil.example.com', sub: 'x' });
    await expect(keysOf(t).verify(otherIssuer)).rejects.toThrow(/"iss" claim/);
    const { privateKey } = await generateKeyPair('RS256');
    const [activeKid] = (await stateOf(t)).active.map((k) => k.kid);
    const forged = await new SignJWT({ iss: t.url, sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: activeKid })
      .sign(privateKey);
    const error = await keysOf(t)
      .verify(forged)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).toJSON()).toEqual({
      error: 'invalid_token',
      error_description: 'the token was not signed by this server',
    });
    await expect(keysOf(t).verify('not.a.jwt')).rejects.toMatchObject({ error: 'invalid_token' });
  });

  it('keeps private keys encrypted at rest, under KEY_ENCRYPTION_SECRET', async () => {
    const encryption = new KeyEncryption(TEST_SECRETS.KEY_ENCRYPTION_SECRET);
    for (const row of await rows(t)) {
      expect(row.private_jwk_encrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      const privateJwk = encryption.decrypt(row.private_jwk_encrypted);
      expect(privateJwk.d).toBeDefined();
      expect(privateJwk.n).toBe(row.public_jwk.n);
      expect(row.private_jwk_encrypted).not.toContain(privateJwk.d);
      expect(row.private_jwk_encrypted).not.toContain('"d"');
      for (const member of PRIVATE_MEMBERS) expect(row.public_jwk).not.toHaveProperty(member);
    }
    const [first] = await rows(t);
    expect(() => new KeyEncryption('x'.repeat(40)).decrypt(first.private_jwk_encrypted)).toThrow(
      /KEY_ENCRYPTION_SECRET/,
    );
  });

  it('publishes no private key member', async () => {
    const body = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    for (const key of body.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key.kid).toEqual(expect.any(String));
      for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
    }
  });

  it('rotates to the key it published ahead, keeps the old one published, and signs only with the new one', async () => {
    const before = await stateOf(t);
    const tokenFromOldKey = await idToken(t);
    const rotation = await keysOf(t).rotate();

    expect(rotation.activeKid).toBe(before.next[0].kid);
    expect(rotation.retiredKid).toBe(before.active[0].kid);
    expect(rotation.nextKid).toBeDefined();
    expect((await publishedKids(t.url)).sort()).toEqual(
      [before.active[0].kid, rotation.activeKid, rotation.nextKid].sort(),
    );
    for (let i = 0; i < 3; i++) expect(await signedKid(t)).toBe(rotation.activeKid);

    const rp = createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`));
    await expect(jwtVerify(tokenFromOldKey, rp, { issuer: t.url })).resolves.toBeDefined();
    await expect(keysOf(t).verify(tokenFromOldKey)).resolves.toBeDefined();

    const retired = (await rows(t)).find((r) => r.kid === before.active[0].kid)!;
    expect(retired.state).toBe('retired');
    // Kept for the longest token lifetime (3600 s by default) and then some.
    expect(new Date(retired.remove_after!).getTime()).toBeGreaterThan(Date.now() + 3600_000);
  });

  it('retires a next key at once, and will not retire the only signing key without a successor', async () => {
    const { active, next } = await stateOf(t);
    await keysOf(t).retire(next[0].kid);
    expect(await publishedKids(t.url)).not.toContain(next[0].kid);
    const refusal = await keysOf(t)
      .retire(active[0].kid)
      .catch((e: unknown) => e);
    expect(refusal).toMatchObject({ status: 409, error: 'invalid_request' });
    expect(await signedKid(t)).toBe(active[0].kid);
    await expect(keysOf(t).retire('no-such-kid')).rejects.toMatchObject({ status: 404 });

    const rotation = await keysOf(t).rotate();
    expect(rotation.activeKid).not.toBe(next[0].kid);
    expect(await signedKid(t)).toBe(rotation.activeKid);
  });

  it('retires the active key in favour of the next one, and removes a compromised key from the JWKS at once', async () => {
    const { active, next } = await stateOf(t);
    const token = await idToken(t);
    const result = await keysOf(t).retire(active[0].kid, { removeNow: true });
    expect(result.activeKid).toBe(next[0].kid);
    expect(await publishedKids(t.url)).not.toContain(active[0].kid);
    await expect(keysOf(t).verify(token)).rejects.toMatchObject({ error: 'invalid_token' });
  });

  it('lists every key with its state and public half only', async () => {
    const list = await keysOf(t).list();
    expect(list.map((k) => k.state)).toEqual(expect.arrayContaining(['active', 'next', 'retired']));
    for (const key of list) {
      expect(Object.keys(key).sort()).toEqual(
        ['activatedAt', 'alg', 'createdAt', 'kid', 'publicJwk', 'removeAfter', 'retiredAt', 'state'].sort(),
      );
      for (const member of PRIVATE_MEMBERS) expect(key.publicJwk).not.toHaveProperty(member);
    }
  });
});

describe('signing keys across restarts and replicas', () => {
  let database: string;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => dropTestDatabase(database));

  it('keeps signing with the same key after a restart', async () => {
    const first = await startTestApp({}, database);
    const kid = await signedKid(first);
    await first.close();
    const second = await startTestApp({}, database);
    try {
      expect(await signedKid(second)).toBe(kid);
      expect((await stateOf(second)).active).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('ends with one active and one next key when two replicas start at once', async () => {
    const [a, b] = await Promise.all([startTestApp({}, database), startTestApp({}, database)]);
    try {
      const { active, next } = await stateOf(a);
      expect(active).toHaveLength(1);
      expect(next).toHaveLength(1);
      expect(await signedKid(b)).toBe(active[0].kid);
      expect(await signedKid(a)).toBe(active[0].kid);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('makes a rotation through one replica visible to another within KEY_CACHE_TTL', async () => {
    const a = await startTestApp({ KEY_CACHE_TTL: '1' }, database);
    const b = await startTestApp({ KEY_CACHE_TTL: '1' }, database);
    try {
      const before = await signedKid(b);
      await publishedKids(b.url); // B now holds the keys in its cache
      const rotation = await keysOf(a).rotate();
      expect(rotation.activeKid).not.toBe(before);

      const started = Date.now();
      await eventually(async () => {
        expect(await publishedKids(b.url)).toContain(rotation.nextKid);
        expect(await signedKid(b)).toBe(rotation.activeKid);
      }, 3000);
      expect(Date.now() - started).toBeLessThan(2500);
      // The key B signed with a moment ago is still published, so its tokens still verify.
      expect(await publishedKids(b.url)).toContain(before);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('signs with ES256 when SIGNING_ALG=ES256', async () => {
    const t = await startTestApp({ SIGNING_ALG: 'ES256' }, database);
    try {
      const body = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
      expect(body.keys).toHaveLength(2);
      for (const key of body.keys) expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      const jwt = await idToken(t);
      expect(decodeProtectedHeader(jwt).alg).toBe('ES256');
      const rp = createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`));
      await expect(jwtVerify(jwt, rp, { issuer: t.url, audience: 'client-1' })).resolves.toBeDefined();
      await expect(keysOf(t).verify(jwt)).resolves.toMatchObject({ sub: 'user-1' });
    } finally {
      await t.close();
    }
  });
});
