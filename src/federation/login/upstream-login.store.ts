import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { UpstreamLogin } from '../entities/upstream-login.entity';
import { sha256Hex } from '../../common/crypto/sha256';

/** How long a user may take at the upstream provider before its answer is refused. */
const UPSTREAM_LOGIN_TTL_SECONDS = 10 * 60;

export interface UpstreamLoginChecks {
  interactionId: string;
  providerId: string;
  nonce: string;
  codeVerifier: string;
}

/** Logins sent upstream, by state, until their callback takes them (once). */
@Injectable()
export class UpstreamLoginStore {
  constructor(
    @InjectRepository(UpstreamLogin) private readonly logins: Repository<UpstreamLogin>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async save(state: string, checks: UpstreamLoginChecks): Promise<void> {
    await this.logins.insert({
      ...checks,
      stateHash: sha256Hex(state),
      expiresAt: new Date(Date.now() + UPSTREAM_LOGIN_TTL_SECONDS * 1000),
    });
  }

  /**
   * Takes the login of this state out of the table in one statement, so a replayed callback
   * (or two racing ones) finds nothing the second time. Null when unknown or expired.
   */
  async take(state: string): Promise<UpstreamLoginChecks | null> {
    const [rows] = (await this.db.query(
      `DELETE FROM upstream_logins WHERE state_hash = $1 AND expires_at > now()
       RETURNING interaction_id, provider_id, nonce, code_verifier`,
      [sha256Hex(state)],
    )) as [{ interaction_id: string; provider_id: string; nonce: string; code_verifier: string }[], number];
    const row = rows[0];
    if (!row) return null;
    return {
      interactionId: row.interaction_id,
      providerId: row.provider_id,
      nonce: row.nonce,
      codeVerifier: row.code_verifier,
    };
  }
}
