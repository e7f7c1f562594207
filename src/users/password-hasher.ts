import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Injectable, Optional } from '@nestjs/common';
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { ConcurrencyLimit, ConcurrencyLimitFull } from '../common/concurrency/concurrency-limit';
import { OAuthErrors } from '../common/errors/oauth-error';
import { DEFAULT_PASSWORD_CHECK_MAX_WAIT, UsersConfig } from '../config/users.config';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  /**
   * argon2 runs on libuv's thread pool (4 threads): more hashes at once than cores only make each
   * slower, starve the event loop of CPU and hold 19 MiB apiece. Beyond one per core they queue,
   * for at most PASSWORD_CHECK_MAX_WAIT: a flood of sign-ins is then answered 503 at once instead
   * of holding ever more requests, each waiting longer than its user will.
   */
  private readonly slots: ConcurrencyLimit;

  constructor(@Optional() config?: UsersConfig) {
    const maxWaitSeconds = config?.passwordCheckMaxWait ?? DEFAULT_PASSWORD_CHECK_MAX_WAIT;
    this.slots = new ConcurrencyLimit(availableParallelism(), { maxWaitMs: maxWaitSeconds * 1000 });
  }

  hash(password: string): Promise<string> {
    return this.inSlot(() => hash(password, ARGON2_OPTIONS));
  }

  /**
   * Without a stored hash the password is still checked, against a dummy one, so an unknown
   * user costs the same time as a known one and response times do not reveal which exist.
   */
  async verify(storedHash: string | null | undefined, password: string): Promise<boolean> {
    const digest = storedHash || (await this.dummy());
    // A malformed stored hash never signs anyone in.
    const matches = await this.inSlot(() => verify(digest, password).catch(() => false));
    return matches && Boolean(storedHash);
  }

  /**
   * A new hash of a password just verified against one made with older parameters; undefined when
   * every core is busy, as remaking it can wait for a later sign-in while the sign-in itself cannot.
   */
  async rehash(password: string): Promise<string | undefined> {
    try {
      return await this.slots.run(() => hash(password, ARGON2_OPTIONS));
    } catch (error) {
      if (error instanceof ConcurrencyLimitFull) return undefined;
      throw error;
    }
  }

  /** True when a hash was made with older parameters and should be remade at the next sign-in. */
  needsRehash(storedHash: string): boolean {
    return !storedHash.startsWith('$argon2id$') || needsRehash(storedHash, ARGON2_OPTIONS);
  }

  private async inSlot<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(task);
    } catch (error) {
      // Not a wrong password: nothing is counted against the account, and the client may retry.
      if (error instanceof ConcurrencyLimitFull)
        throw OAuthErrors.temporarilyUnavailable('Too many passwords are being checked right now: try again shortly.', {
          headers: { 'Retry-After': String(error.retryAfterSeconds) },
        });
      throw error;
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url')).catch((error: unknown) => {
      this.dummyHash = undefined; // refused while busy: made at a later sign-in
      throw error;
    });
    return this.dummyHash;
  }
}
