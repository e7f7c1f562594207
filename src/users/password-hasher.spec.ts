import { availableParallelism } from 'node:os';
import { OAuthError } from '../common/errors/oauth-error';
import { UsersConfig } from '../config/users.config';
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

  describe('with every core busy and PASSWORD_CHECK_MAX_WAIT=0', () => {
    const cores = availableParallelism();
    const busy = (hasher: PasswordHasher, digest: string) =>
      Array.from({ length: cores }, () => hasher.verify(digest, 'correct horse'));

    it('answers 503 temporarily_unavailable with Retry-After at once, and checks passwords again when a core is free', async () => {
      const hasher = new PasswordHasher(new UsersConfig(10, 0));
      const digest = await hasher.hash('correct horse');
      const running = busy(hasher, digest);
      const refused = hasher.verify(digest, 'correct horse').catch((error: unknown) => error);
      const error = (await refused) as OAuthError;
      expect(error).toBeInstanceOf(OAuthError);
      expect(error.status).toBe(503);
      expect(error.toJSON()).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'Too many passwords are being checked right now: try again shortly.',
      });
      expect(Number(error.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(await Promise.all(running)).toEqual(Array(cores).fill(true));
      await expect(hasher.verify(digest, 'correct horse')).resolves.toBe(true);
    });

    it('leaves an old hash to be remade at a later sign-in rather than refuse this one', async () => {
      const hasher = new PasswordHasher(new UsersConfig(10, 0));
      const digest = await hasher.hash('correct horse');
      const running = busy(hasher, digest);
      await expect(hasher.rehash('correct horse')).resolves.toBeUndefined();
      await Promise.all(running);
      const remade = await hasher.rehash('correct horse');
      await expect(hasher.verify(remade, 'correct horse')).resolves.toBe(true);
    });

    it('makes the dummy hash for unknown users later when it was refused', async () => {
      const hasher = new PasswordHasher(new UsersConfig(10, 0));
      const digest = await hasher.hash('correct horse');
      const running = busy(hasher, digest);
      await expect(hasher.verify(null, 'anything')).rejects.toMatchObject({ status: 503 });
      await Promise.all(running);
      await expect(hasher.verify(null, 'anything')).resolves.toBe(false);
    });
  });
});
