import { KeyDecryptionError, KeyEncryption } from './key-encryption';

const SECRET = 'a-key-encryption-secret-of-32-characters!';
const JWK_PRIVATE = { kty: 'EC', crv: 'P-256', x: 'x-coord', y: 'y-coord', d: 'private-scalar-d' };

describe('KeyEncryption', () => {
  const encryption = new KeyEncryption(SECRET);

  it('round-trips a private JWK', () => {
    expect(encryption.decrypt(encryption.encrypt(JWK_PRIVATE))).toEqual(JWK_PRIVATE);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url with a 12-byte IV and a 16-byte tag', () => {
    const sealed = encryption.encrypt(JWK_PRIVATE);
    const [version, iv, tag, ciphertext] = sealed.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('private-scalar-d');
  });

  it('uses a fresh IV for every encryption', () => {
    expect(encryption.encrypt(JWK_PRIVATE)).not.toBe(encryption.encrypt(JWK_PRIVATE));
  });

  it('refuses to decrypt with another secret, saying why', () => {
    const sealed = encryption.encrypt(JWK_PRIVATE);
    const other = new KeyEncryption('another-secret-which-is-also-32-chars-long');
    expect(() => other.decrypt(sealed)).toThrow(KeyDecryptionError);
    expect(() => other.decrypt(sealed)).toThrow(/KEY_ENCRYPTION_SECRET/);
  });

  it('refuses a tampered ciphertext', () => {
    const [version, iv, tag, ciphertext] = encryption.encrypt(JWK_PRIVATE).split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => encryption.decrypt([version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow(
      KeyDecryptionError,
    );
  });

  it('seals text under a key of its own purpose, which the same secret for another purpose cannot open', () => {
    const secrets = new KeyEncryption(SECRET, 'oidc-server/test-purpose/v1');
    const sealed = secrets.seal('an upstream client secret');
    expect(sealed).not.toContain('upstream');
    expect(secrets.open(sealed)).toBe('an upstream client secret');
    expect(() => encryption.open(sealed)).toThrow(KeyDecryptionError);
  });

  it('refuses an unknown format', () => {
    expect(() => encryption.decrypt('v2.a.b.c')).toThrow(/unknown format/);
    expect(() => encryption.decrypt('{"kty":"EC"}')).toThrow(KeyDecryptionError);
  });
});
