import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id and the OWASP parameters', async () => {
    const digest = await hasher.hash('correct horse');
    const [, type, version, params] = digest.split('$');
    expect([type, version]).toEqual(['argon2id', 'v=19']);
    expect(params.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(hasher.needsRehash(digest)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const digest = await hasher.hash('correct horse');
    await expect(hasher.verify(digest, 'correct horse')).resolves.toBe(true);
    await expect(hasher.verify(digest, 'correct horse ')).resolves.toBe(false);
  });

  it('refuses every password when there is no stored hash', async () => {
    await expect(hasher.verify(null, 'anything')).resolves.toBe(false);
    await expect(hasher.verify('', 'anything')).resolves.toBe(false);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    await expect(hasher.verify('$argon2id$garbage', 'anything')).resolves.toBe(false);
  });

  it('asks to rehash a hash made with weaker parameters', async () => {
    expect(hasher.needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
    expect(hasher.needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
  });
});
