import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { Repository } from 'typeorm';
import { violatedUniqueConstraint } from '../../database/postgres-errors';
import { preparedQuery } from '../../database/prepared-statement';
import { Passkey } from './passkey.entity';

export type NewPasskey = Omit<Passkey, 'id' | 'createdAt' | 'lastUsedAt'>;

/** The passkeys table, and nothing else reads or writes it. */
@Injectable()
export class PasskeyStore {
  constructor(@InjectRepository(Passkey) private readonly passkeys: Repository<Passkey>) {}

  /** A user's passkeys, oldest first. */
  ofUser(userId: string): Promise<Passkey[]> {
    return this.passkeys.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  countOf(userId: string): Promise<number> {
    return this.passkeys.countBy({ userId });
  }

  /** Whether the user whose id is `$1` has a passkey, as an SQL expression (SecondFactorMethod.enrolledSql). */
  static readonly anySql = 'EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1)';

  /** Whether the user has a passkey. */
  async any(userId: string): Promise<boolean> {
    const [row] = await preparedQuery<{ any: boolean }>(
      this.passkeys.manager.connection,
      'passkeys_any_of_user',
      `SELECT ${PasskeyStore.anySql} AS any`,
      [userId],
    );
    return row.any;
  }

  byCredentialId(credentialId: string): Promise<Passkey | null> {
    return this.passkeys.findOneBy({ credentialId });
  }

  /** One of `userId`'s passkeys by its row id; null for anyone else's. */
  async ofUserById(userId: string, id: string): Promise<Passkey | null> {
    return isUUID(id) ? this.passkeys.findOneBy({ id, userId }) : null;
  }

  /** Null when the credential is registered already (to this user or another). */
  async add(passkey: NewPasskey): Promise<Passkey | null> {
    try {
      return await this.passkeys.save(this.passkeys.create({ ...passkey, lastUsedAt: null }));
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'passkeys_credential_id_key') return null;
      throw error;
    }
  }

  async rename(userId: string, id: string, name: string): Promise<boolean> {
    if (!isUUID(id)) return false;
    return ((await this.passkeys.update({ id, userId }, { name })).affected ?? 0) > 0;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    if (!isUUID(id)) return false;
    return ((await this.passkeys.delete({ id, userId })).affected ?? 0) > 0;
  }

  async removeAll(userId: string): Promise<number> {
    return (await this.passkeys.delete({ userId })).affected ?? 0;
  }

  /**
   * After a verified assertion: the new counter and the time, only if the counter has not moved
   * meanwhile (two assertions of one credential at once: the second is a clone or a replay).
   */
  async recordUse(passkey: Passkey, newCount: number): Promise<boolean> {
    const result = await this.passkeys
      .createQueryBuilder()
      .update()
      .set({ signCount: newCount, lastUsedAt: () => 'now()' })
      .where('id = :id AND sign_count = :old', { id: passkey.id, old: passkey.signCount })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
