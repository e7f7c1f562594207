import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { TokenConfig } from '../config/token.config';
import { EntityRows } from '../database/entity-rows';
import { preparedQuery } from '../database/prepared-statement';
import { AuthorizationCode } from './entities/authorization-code.entity';
import { hashToken, newOpaqueToken } from './opaque-token';

/** FAPI 2.0 Security Profile §5.3.2.1: an authorization code lives at most 60 seconds. */
export const FAPI2_MAX_CODE_TTL_SECONDS = 60;

export type NewAuthorizationCode = Omit<AuthorizationCode, 'codeHash' | 'createdAt' | 'expiresAt' | 'consumedAt'>;

export type RedeemResult =
  /** `grantActive`: whether the code's grant was unrevoked at the moment the code was consumed. */
  | { status: 'ok'; code: AuthorizationCode; grantActive: boolean }
  /** Presented before: RFC 6749 §4.1.2 says the tokens issued from it should be revoked. */
  | { status: 'replayed'; code: AuthorizationCode }
  /** Issued to another client: left as it was, unspent. */
  | { status: 'foreign' }
  | { status: 'invalid' };

@Injectable()
export class AuthorizationCodeService {
  constructor(
    @InjectRepository(AuthorizationCode) private readonly codes: Repository<AuthorizationCode>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: TokenConfig,
  ) {}

  /**
   * Stores the code's hash and returns the code value, shown to the client once. It lives
   * AUTHORIZATION_CODE_TTL seconds, or `maxTtlSeconds` when that is shorter.
   */
  async issue(input: NewAuthorizationCode, maxTtlSeconds?: number): Promise<string> {
    const code = newOpaqueToken();
    const ttl = Math.min(this.config.authorizationCodeTtl, maxTtlSeconds ?? Infinity);
    // Every sign-in: a prepared statement, not TypeORM's insert built anew (docs/performance.md).
    await preparedQuery(
      this.db,
      'authorization_codes_insert',
      `INSERT INTO authorization_codes (code_hash, grant_id, client_id, user_id, session_id, redirect_uri, scope,
         claims, nonce, code_challenge, code_challenge_method, auth_time, amr, expires_at, dpop_jkt)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        hashToken(code),
        input.grantId,
        input.clientId,
        input.userId,
        input.sessionId ?? null,
        input.redirectUri,
        input.scope,
        input.claims == null ? null : JSON.stringify(input.claims),
        input.nonce ?? null,
        input.codeChallenge ?? null,
        input.codeChallengeMethod ?? null,
        input.authTime,
        input.amr ?? [],
        new Date(Date.now() + ttl * 1000),
        input.dpopJkt ?? null,
      ],
    );
    return code;
  }

  /**
   * Marks the code consumed in one statement, so of concurrent redemptions exactly one wins.
   * The same statement reads whether the code's grant is still active: the losers are replays
   * and revoke that grant (RFC 6749 §4.1.2), which they can only do after this statement has
   * committed, so they never turn the first redemption away. Only the client the code was
   * issued to consumes it (RFC 6749 §4.1.3): another client presenting it is told `foreign`,
   * and neither spends the code nor, when it was used already, revokes its grant. Expired codes
   * are invalid; the caller checks redirect_uri and PKCE.
   */
  async redeem(code: string, clientId: string): Promise<RedeemResult> {
    const hash = hashToken(code);
    const columns = (this.entityRows ??= new EntityRows(this.db, AuthorizationCode, 'c'));
    const consumed = await preparedQuery<Record<string, unknown> & { grant_active: boolean }>(
      this.db,
      'authorization_codes_redeem',
      `UPDATE authorization_codes c SET consumed_at = now()
         FROM grants g
        WHERE c.code_hash = $1 AND c.client_id = $2 AND c.consumed_at IS NULL AND c.expires_at > now()
          AND g.id = c.grant_id
        RETURNING ${columns.selectList}, g.revoked_at IS NULL AS grant_active`,
      [hash, clientId],
    );
    if (consumed.length === 1) {
      const { grant_active: grantActive, ...row } = consumed[0];
      return { status: 'ok', code: columns.one([row])!, grantActive };
    }
    // Not consumed now: unknown, another client's, used before (a replay) or expired unused.
    const found = await this.codes.findOneBy({ codeHash: hash });
    if (!found) return { status: 'invalid' };
    if (found.clientId !== clientId) return { status: 'foreign' };
    return found.consumedAt ? { status: 'replayed', code: found } : { status: 'invalid' };
  }

  private entityRows?: EntityRows<AuthorizationCode>;
}
