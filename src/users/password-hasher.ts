import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { ConcurrencyLimit } from '../common/concurrency/concurrency-limit';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  /**
   * argon2 runs on libuv's thread pool (4 threads): more hashes at once than cores only make each
   * slower, starve the event loop of CPU and hold 19 MiB apiece. Beyond one per core they queue.
   */
  private readonly slots = new ConcurrencyLimit(availableParallelism());

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(password, ARGON2_OPTIONS));
  }

  /**
   * Without a stored hash the password is still checked, against a dummy one, so an unknown
   * user costs the same time as a known one and response times do not reveal which exist.
   */
  async verify(storedHash: string | null | undefined, password: string): Promise<boolean> {
    const digest = storedHash || (await this.dummy());
    let matches: boolean;
    try {
      matches = await this.slots.run(() => verify(digest, password));
    } catch {
      matches = false; // a malformed stored hash never signs anyone in
    }
    return matches && Boolean(storedHash);
  }

  /** True when a hash was made with older parameters and should be remade at the next sign-in. */
  needsRehash(storedHash: string): boolean {
    return !storedHash.startsWith('$argon2id$') || needsRehash(storedHash, ARGON2_OPTIONS);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}
