import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RevokedJti } from '../entities/revoked-jti.entity';

/** The revocation list of JWT access tokens, read by AccessTokenVerifier in its one query. */
@Injectable()
export class RevokedJtiStore {
  constructor(@InjectRepository(RevokedJti) private readonly revoked: Repository<RevokedJti>) {}

  /** Idempotent: revoking a token twice keeps the first row. */
  async record(jti: string, clientId: string, expiresAt: Date): Promise<void> {
    await this.revoked.query(
      `INSERT INTO revoked_jtis (jti, client_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING`,
      [jti, clientId, expiresAt],
    );
  }

  /** Housekeeping: an expired JWT is refused by its exp, so its row is no longer needed. */
  async purgeExpired(): Promise<number> {
    const result = await this.revoked.createQueryBuilder().delete().where('expires_at <= now()').execute();
    return result.affected ?? 0;
  }
}
