import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppConfig } from '../config/app-config';
import { AuthorizationCode } from './entities/authorization-code.entity';
import { hashToken, newOpaqueToken } from './opaque-token';

export type NewAuthorizationCode = Omit<AuthorizationCode, 'codeHash' | 'createdAt' | 'expiresAt' | 'consumedAt'>;

export type RedeemResult =
  /** `grantActive`: whether the code's grant was unrevoked at the moment the code was consumed. */
  | { status: 'ok'; code: AuthorizationCode; grantActive: boolean }
  /** Presented before: RFC 6749 §4.1.2 says the tokens issued from it should be revoked. */
  | { status: 'replayed'; code: AuthorizationCode }
  | { status: 'invalid' };

@Injectable()
export class AuthorizationCodeService {
  constructor(
    @InjectRepository(AuthorizationCode) private readonly codes: Repository<AuthorizationCode>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Stores the code's hash and returns the code value, shown to the client once. */
  async issue(input: NewAuthorizationCode): Promise<string> {
    const code = newOpaqueToken();
    await this.codes.insert({
      ...input,
      codeHash: hashToken(code),
      expiresAt: new Date(Date.now() + this.config.authorizationCodeTtl * 1000),
      consumedAt: null,
    } as QueryDeepPartialEntity<AuthorizationCode>);
    return code;
  }

  /**
   * Marks the code consumed in one statement, so of concurrent redemptions exactly one wins.
   * The same statement reads whether the code's grant is still active: the losers are replays
   * and revoke that grant (RFC 6749 §4.1.2), which they can only do after this statement has
   * committed, so they never turn the first redemption away. Expired codes are invalid; the
   * caller checks client, redirect_uri and PKCE.
   */
  async redeem(code: string): Promise<RedeemResult> {
    const hash = hashToken(code);
    const [rows] = (await this.db.query(
      `UPDATE authorization_codes c SET consumed_at = now()
         FROM grants g
        WHERE c.code_hash = $1 AND c.consumed_at IS NULL AND c.expires_at > now() AND g.id = c.grant_id
        RETURNING g.revoked_at IS NULL AS grant_active`,
      [hash],
    )) as [{ grant_active: boolean }[], number];
    const found = await this.codes.findOneBy({ codeHash: hash });
    if (!found) return { status: 'invalid' };
    if (rows.length === 1) return { status: 'ok', code: found, grantActive: rows[0].grant_active };
    // Not updated: either consumed before (replay) or expired unused.
    return found.consumedAt ? { status: 'replayed', code: found } : { status: 'invalid' };
  }
}
