import {
  clientSecretMatches,
  generateClientId,
  generateClientSecret,
  hashClientSecret,
  usesClientSecret,
} from './client-secret';

describe('client secrets', () => {
  it('generates 256-bit url-safe secrets, different every time', () => {
    const a = generateClientSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(generateClientSecret()).not.toBe(a);
  });

  it('generates url-safe client ids of at least 22 characters, never starting like a command-line option', () => {
    // One in 32 draws of plain base64url starts with '-' or '_': a thousand would find it.
    for (let i = 0; i < 1000; i++) expect(generateClientId()).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21,}$/);
  });

  it('stores a secret as the hex SHA-256 of its UTF-8 bytes', () => {
    expect(hashClientSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches the right secret only', () => {
    const secret = generateClientSecret();
    const stored = hashClientSecret(secret);
    expect(clientSecretMatches(secret, stored)).toBe(true);
    expect(clientSecretMatches(secret.slice(0, -1), stored)).toBe(false);
    expect(clientSecretMatches(`${secret} `, stored)).toBe(false);
    expect(clientSecretMatches('', stored)).toBe(false);
  });

  it('never matches when nothing usable is stored', () => {
    expect(clientSecretMatches('x', null)).toBe(false);
    expect(clientSecretMatches('x', '')).toBe(false);
    expect(clientSecretMatches('x', 'not-hex'.padEnd(64, 'z'))).toBe(false);
    expect(clientSecretMatches('x', hashClientSecret('x').toUpperCase())).toBe(false);
  });

  it('knows which methods authenticate with a secret', () => {
    expect(usesClientSecret('client_secret_basic')).toBe(true);
    expect(usesClientSecret('client_secret_post')).toBe(true);
    expect(usesClientSecret('private_key_jwt')).toBe(false);
    expect(usesClientSecret('none')).toBe(false);
  });
});
