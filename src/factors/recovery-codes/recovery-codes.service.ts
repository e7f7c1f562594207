import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { sha256Hex } from '../../common/crypto/sha256';
import { preparedQuery } from '../../database/prepared-statement';
import { newRecoveryCode, normalisedRecoveryCode } from './recovery-code-format';
import { RecoveryCode } from './recovery-code.entity';

/** How many codes a set holds. */
export const RECOVERY_CODE_COUNT = 10;

export type RecoveryCodeCheck = 'accepted' | 'used' | 'unknown';

/**
 * Users' recovery codes: a set of single-use codes, shown once when made, kept only as SHA-256
 * hashes. Making a new set retires the old one whole.
 */
@Injectable()
export class RecoveryCodes {
  constructor(@InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>) {}

  /** A new set for the user, replacing the earlier one (used codes or not): the codes, to show once. */
  async replace(userId: string): Promise<string[]> {
    const shown = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.codes.manager.transaction(async (manager) => {
      // Two requests at once must not leave two sets: the second waits for the first.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('recovery_codes:' || $1))`, [userId]);
      await manager.delete(RecoveryCode, { userId });
      await manager.insert(
        RecoveryCode,
        shown.map((code) => ({ userId, codeHash: sha256Hex(normalisedRecoveryCode(code)) })),
      );
    });
    return shown;
  }

  /** Whether the user whose id is `$1` has a code left, as an SQL expression (SecondFactorMethod.enrolledSql). */
  static readonly anyLeftSql = 'EXISTS (SELECT 1 FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL)';

  /** How many of the user's codes are left unused. Asked at every sign-in with a second factor: prepared. */
  async remaining(userId: string): Promise<number> {
    const [row] = await preparedQuery<{ remaining: number }>(
      this.codes.manager.connection,
      'recovery_codes_remaining',
      'SELECT count(*)::int AS remaining FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [userId],
    );
    return row.remaining;
  }

  /**
   * Uses up `typed` (as typedRecoveryCode normalised it) if it is one of the user's unused codes.
   * Each stored hash is compared in constant time, every one of them whatever matched.
   */
  async consume(userId: string, typed: string): Promise<RecoveryCodeCheck> {
    const given = Buffer.from(sha256Hex(typed));
    const rows = await this.codes.find({ where: { userId }, select: { id: true, codeHash: true, usedAt: true } });
    let match: RecoveryCode | undefined;
    for (const row of rows) if (timingSafeEqual(Buffer.from(row.codeHash), given)) match = row;
    if (!match) return 'unknown';
    if (match.usedAt) return 'used';
    // One statement: the same code sent twice at once is accepted once.
    const [updated] = (await this.codes.query(
      `UPDATE recovery_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id`,
      [match.id],
    )) as [{ id: string }[], number];
    return updated.length > 0 ? 'accepted' : 'used';
  }

  /** Removes every code of the user; how many there were. */
  async removeAll(userId: string): Promise<number> {
    return (await this.codes.delete({ userId })).affected ?? 0;
  }
}
