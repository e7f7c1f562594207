import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { SigningKey } from './signing-key.entity';

// Any fixed 64-bit number, distinct from the migration lock: every replica contends for it.
const KEY_LIFECYCLE_LOCK = 7_203_115_482_002;

/** Reads and writes of signing_keys; every change of state goes through locked(). */
@Injectable()
export class SigningKeyRepository {
  constructor(@InjectRepository(SigningKey) private readonly keys: Repository<SigningKey>) {}

  /** The keys in the JWKS: next and active, and retired ones whose tokens may still be valid at `now`. */
  published(now: Date): Promise<SigningKey[]> {
    return this.keys.find({
      where: [{ state: In(['next', 'active']) }, { state: 'retired', removeAfter: MoreThan(now) }],
      order: { createdAt: 'DESC' },
    });
  }

  all(): Promise<SigningKey[]> {
    return this.keys.find({ order: { createdAt: 'DESC' } });
  }

  /** Deletes retired keys nobody can need any more, private material included. */
  async deleteUnpublished(now: Date): Promise<number> {
    const result = await this.keys.delete({ state: 'retired', removeAfter: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }

  /**
   * Runs `change` in a transaction holding a Postgres advisory lock, so replicas that start or
   * rotate at the same moment change key states one after the other, each seeing the last.
   */
  locked<T>(change: (keys: Repository<SigningKey>) => Promise<T>): Promise<T> {
    return this.keys.manager.transaction(async (manager: EntityManager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [KEY_LIFECYCLE_LOCK]);
      return change(manager.getRepository(SigningKey));
    });
  }
}
