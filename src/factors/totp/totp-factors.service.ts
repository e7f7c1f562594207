import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EntityRows } from '../../database/entity-rows';
import { preparedQuery } from '../../database/prepared-statement';
import { matchingTimeStep, newTotpSecret } from './totp-code';
import { TOTP_SETUP_SECONDS, TotpFactor } from './totp-factor.entity';
import { TotpSecretSealer } from './totp-secret-sealer';

export type TotpCheck = 'accepted' | 'wrong' | 'replayed' | 'none';
export type TotpConfirmation = 'confirmed' | 'wrong' | 'expired';

/** A set-up in progress: the secret to show until its first code is entered. */
export interface TotpSetup {
  secret: string;
}

/**
 * Users' authenticator apps: one per user, set up in two moves (a secret made and shown, then
 * proved by a code from the app) and checked with replay refused: the time step of each code
 * accepted is kept, and a code of that step or an earlier one is refused (RFC 6238 §5.2).
 */
@Injectable()
export class TotpFactors {
  private entityRows?: EntityRows<TotpFactor>;

  constructor(
    @InjectRepository(TotpFactor) private readonly factors: Repository<TotpFactor>,
    private readonly sealer: TotpSecretSealer,
  ) {}

  /**
   * The user's app once set up, or null. Asked at every sign-in (is a second factor due?) and
   * again for the code: a prepared statement (src/database/entity-rows.ts).
   */
  async enrolled(userId: string): Promise<TotpFactor | null> {
    const rows = (this.entityRows ??= new EntityRows(this.factors.manager.connection, TotpFactor, 'f'));
    return rows.one(
      await preparedQuery(
        this.factors.manager.connection,
        'totp_factors_enrolled',
        `SELECT ${rows.selectList} FROM totp_factors f WHERE f.user_id = $1 AND f.confirmed_at IS NOT NULL`,
        [userId],
      ),
    );
  }

  /** Whether the user's app is set up, as an SQL expression of their id `$1` (SecondFactorMethod.enrolledSql). */
  static readonly enrolledSql = 'EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL)';

  async isEnrolled(userId: string): Promise<boolean> {
    const [row] = await preparedQuery<{ enrolled: boolean }>(
      this.factors.manager.connection,
      'totp_factors_is_enrolled',
      `SELECT ${TotpFactors.enrolledSql} AS enrolled`,
      [userId],
    );
    return row.enrolled;
  }

  /**
   * A new secret waiting for its first code (replacing an earlier set-up); null when an app is
   * already set up. With `sessionId`, only that browser session sees it and may finish it.
   */
  async startSetup(userId: string, sessionId: string | null = null): Promise<TotpSetup | null> {
    const secret = newTotpSecret();
    const rows = (await this.factors.query(
      `INSERT INTO totp_factors (user_id, secret_sealed, setup_session_id) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, created_at = now(),
         setup_session_id = EXCLUDED.setup_session_id
         WHERE totp_factors.confirmed_at IS NULL
       RETURNING id`,
      [userId, this.sealer.seal(secret), sessionId],
    )) as { id: string }[];
    return rows.length > 0 ? { secret } : null;
  }

  /** The set-up in progress for this session, if one was started less than TOTP_SETUP_SECONDS ago. */
  async setup(userId: string, sessionId: string | null = null): Promise<TotpSetup | null> {
    const pending = await this.pending(userId, sessionId);
    return pending ? { secret: this.sealer.open(pending.secretSealed) } : null;
  }

  /**
   * Ends the set-up in progress that `sessionId` may see (never an app already set up); whether
   * there was one. Another session of the account cannot cancel the owner's.
   */
  async cancelSetup(userId: string, sessionId: string): Promise<boolean> {
    const result = await this.factors
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId AND confirmed_at IS NULL', { userId })
      .andWhere('(setup_session_id IS NULL OR setup_session_id = :sessionId)', { sessionId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The first code from the app: right, and the set-up becomes the user's app (its step already used). */
  async confirm(
    userId: string,
    code: string,
    { at = Date.now(), sessionId = null }: { at?: number; sessionId?: string | null } = {},
  ): Promise<TotpConfirmation> {
    const pending = await this.pending(userId, sessionId);
    if (!pending) return 'expired';
    const step = matchingTimeStep(this.sealer.open(pending.secretSealed), code, at);
    if (step === null) return 'wrong';
    const [rows] = (await this.factors.query(
      `UPDATE totp_factors SET confirmed_at = now(), last_time_step = $3, last_used_at = now()
        WHERE id = $1 AND secret_sealed = $2 AND confirmed_at IS NULL RETURNING id`,
      [pending.id, pending.secretSealed, step],
    )) as [{ id: string }[], number];
    return rows.length > 0 ? 'confirmed' : 'expired';
  }

  /** A code at sign-in (or to prove it is the user): accepted once, within one step of `at`. */
  async check(userId: string, code: string, at: number = Date.now()): Promise<TotpCheck> {
    const factor = await this.enrolled(userId);
    if (!factor) return 'none';
    const step = matchingTimeStep(this.sealer.open(factor.secretSealed), code, at);
    if (step === null) return 'wrong';
    // One statement: two replicas given the same code at once cannot both accept it.
    const [rows] = (await this.factors.query(
      `UPDATE totp_factors SET last_time_step = $2, last_used_at = now()
        WHERE id = $1 AND (last_time_step IS NULL OR last_time_step < $2) RETURNING id`,
      [factor.id, step],
    )) as [{ id: string }[], number];
    return rows.length > 0 ? 'accepted' : 'replayed';
  }

  /** Removes the user's app and any set-up; how many apps were set up (0 or 1). */
  async remove(userId: string): Promise<number> {
    const [rows] = (await this.factors.query(
      `DELETE FROM totp_factors WHERE user_id = $1 RETURNING confirmed_at AS "confirmedAt"`,
      [userId],
    )) as [{ confirmedAt: Date | null }[], number];
    return rows.filter((r) => r.confirmedAt !== null).length;
  }

  /** A set-up bound to another browser session is not this one's: its key is not shown here. */
  private pending(userId: string, sessionId: string | null): Promise<TotpFactor | null> {
    return this.factors
      .createQueryBuilder('f')
      .where('f.userId = :userId AND f.confirmedAt IS NULL', { userId })
      .andWhere('f.createdAt > now() - make_interval(secs => :seconds)', { seconds: TOTP_SETUP_SECONDS })
      .andWhere('(f.setupSessionId IS NULL OR f.setupSessionId = :sessionId)', { sessionId })
      .getOne();
  }
}
