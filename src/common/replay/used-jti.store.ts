import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import { UsedJti } from './used-jti.entity';

/**
 * Single-use identifiers (RFC 7523 §3 jti), shared by every replica through Postgres. The
 * primary key makes "first one wins" atomic across replicas.
 */
@Injectable()
export class UsedJtiStore {
  constructor(@InjectRepository(UsedJti) private readonly usedJtis: Repository<UsedJti>) {}

  /**
   * Records `key` as used until `expiresAt`; false when it was already used and is still
   * unexpired (a replay). An expired row is taken over: the JWT that used it can no longer
   * be accepted, so its jti need not stay reserved and no purge job is needed for correctness.
   */
  async consume(key: string, expiresAt: Date): Promise<boolean> {
    // Every DPoP proof and client assertion: a prepared statement.
    const rows = await preparedQuery(
      this.usedJtis.manager.connection,
      'used_jtis_consume',
      `INSERT INTO used_jtis (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE used_jtis.expires_at <= now()
       RETURNING key`,
      [key, expiresAt],
    );
    return rows.length === 1;
  }

  /** Housekeeping: drops identifiers whose JWTs have expired. */
  async purgeExpired(): Promise<number> {
    const result = await this.usedJtis.createQueryBuilder().delete().where('expires_at <= now()').execute();
    return result.affected ?? 0;
  }
}
