import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { TokenConfig } from '../config/token.config';
import { EntityRows } from '../database/entity-rows';
import { preparedQuery } from '../database/prepared-statement';
import { AuthorizationGrant } from './authorization-grants/authorization-grant.entity';
import {
  GrantInsert,
  type InsertedGrantRow,
  newGrant,
  type NewAuthorizationGrant,
} from './authorization-grants/grant-insert';
import { AuthorizationCode } from './entities/authorization-code.entity';
import { hashToken, newOpaqueToken } from './opaque-token';
import { User } from '../users/user.entity';
import { UsersSql } from '../users/users.sql';

/** FAPI 2.0 Security Profile §5.3.2.1: an authorization code lives at most 60 seconds. */
export const FAPI2_MAX_CODE_TTL_SECONDS = 60;

export type NewAuthorizationCode = Omit<AuthorizationCode, 'codeHash' | 'createdAt' | 'expiresAt' | 'consumedAt'>;

/** A new code's row, its grant aside. */
type StoredCode = Omit<NewAuthorizationCode, 'grantId'> & Pick<AuthorizationCode, 'codeHash' | 'expiresAt'>;

/** Each column of a new code (grant_id aside) with its value: the statement's parameters, in this order. */
const CODE_COLUMNS: readonly (readonly [column: string, value: (code: StoredCode) => unknown])[] = [
  ['code_hash', (c) => c.codeHash],
  ['client_id', (c) => c.clientId],
  ['user_id', (c) => c.userId],
  ['session_id', (c) => c.sessionId ?? null],
  ['redirect_uri', (c) => c.redirectUri],
  ['scope', (c) => c.scope],
  ['claims', (c) => (c.claims == null ? null : JSON.stringify(c.claims))],
  ['nonce', (c) => c.nonce ?? null],
  ['code_challenge', (c) => c.codeChallenge ?? null],
  ['code_challenge_method', (c) => c.codeChallengeMethod ?? null],
  ['auth_time', (c) => c.authTime],
  ['amr', (c) => c.amr ?? []],
  ['expires_at', (c) => c.expiresAt],
  ['dpop_jkt', (c) => c.dpopJkt ?? null],
];

const CodeInsert = {
  columns: CODE_COLUMNS.map(([column]) => column).join(', '),
  placeholders: (first: number): string => CODE_COLUMNS.map((_, i) => `$${first + i}`).join(', '),
  values: (code: StoredCode): unknown[] => CODE_COLUMNS.map(([, value]) => value(code)),
};

export type RedeemResult =
  /**
   * The code's grant and user as they stood when the code was consumed (the user null when
   * deleted); `grantActive`: whether the grant was unrevoked then.
   */
  | { status: 'ok'; code: AuthorizationCode; grant: AuthorizationGrant; grantActive: boolean; user: User | null }
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
    const { grantId, ...fields } = input;
    const code = newOpaqueToken();
    // A prepared statement, not TypeORM's insert built anew (docs/performance.md).
    await preparedQuery(
      this.db,
      'authorization_codes_insert',
      `INSERT INTO authorization_codes (grant_id, ${CodeInsert.columns}) VALUES ($1, ${CodeInsert.placeholders(2)})`,
      [grantId, ...CodeInsert.values(this.stored(code, fields, maxTtlSeconds))],
    );
    return code;
  }

  /**
   * A new grant and its first code, as issue() after AuthorizationGrantService.create but in one
   * statement: every sign-in ends with both, and so makes one round trip for them, not two. The
   * code is of the grant the statement inserts.
   */
  async issueWithGrant(
    grantInput: NewAuthorizationGrant,
    codeInput: Omit<NewAuthorizationCode, 'grantId'>,
    maxTtlSeconds?: number,
  ): Promise<{ grant: AuthorizationGrant; code: string }> {
    const grant = newGrant(grantInput);
    const code = newOpaqueToken();
    const first = GrantInsert.parameters + 1;
    // A data-modifying WITH runs to completion whether or not the query reads it (Postgres
    // manual, 7.8.4), and the code's foreign key is checked at the statement's end, grant inserted.
    const [row] = await preparedQuery<InsertedGrantRow>(
      this.db,
      'grants_insert_with_authorization_code',
      `WITH g AS (
         INSERT INTO grants (${GrantInsert.columns}) VALUES (${GrantInsert.placeholders(1)}) RETURNING id, created_at
       ), c AS (
         INSERT INTO authorization_codes (grant_id, ${CodeInsert.columns}) SELECT g.id, ${CodeInsert.placeholders(first)} FROM g
       )
       SELECT id, created_at FROM g`,
      [...GrantInsert.values(grant), ...CodeInsert.values(this.stored(code, codeInput, maxTtlSeconds))],
    );
    return { grant: GrantInsert.inserted(grant, row), code };
  }

  /** The row of a new code but its grant: the hash of `code`, and when it expires. */
  private stored(code: string, input: Omit<NewAuthorizationCode, 'grantId'>, maxTtlSeconds?: number): StoredCode {
    const ttl = Math.min(this.config.authorizationCodeTtl, maxTtlSeconds ?? Infinity);
    return { ...input, codeHash: hashToken(code), expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  /**
   * Marks the code consumed in one statement, so of concurrent redemptions exactly one wins.
   * The same statement reads the code's grant, whether it is still active, and the code's user:
   * the token request needs nothing more from the database before it issues. The losers are
   * replays and revoke that grant (RFC 6749 §4.1.2), which they can only do after this statement
   * has committed, so they never turn the first redemption away. Only the client the code was
   * issued to consumes it (RFC 6749 §4.1.3): another client presenting it is told `foreign`,
   * and neither spends the code nor, when it was used already, revokes its grant. Expired codes
   * are invalid; the caller checks redirect_uri, PKCE, the grant's state and the user's.
   */
  async redeem(code: string, clientId: string): Promise<RedeemResult> {
    const hash = hashToken(code);
    const rows = (this.redemptionRows ??= {
      code: new EntityRows(this.db, AuthorizationCode, 'c', 'code.'),
      grant: new EntityRows(this.db, AuthorizationGrant, 'g', 'grant.'),
      // The whole User, as UsersService.findById reads it: the ID token's claim mappings may copy any attribute.
      user: new EntityRows(this.db, User, 'u', 'user.'),
    });
    const consumed = await preparedQuery<Record<string, unknown> & { grant_active: boolean }>(
      this.db,
      'authorization_codes_redeem',
      `WITH redeemed AS (
         UPDATE authorization_codes c SET consumed_at = now()
           FROM grants g
          WHERE c.code_hash = $1 AND c.client_id = $2 AND c.consumed_at IS NULL AND c.expires_at > now()
            AND g.id = c.grant_id
          RETURNING ${rows.code.selectList}, ${rows.grant.selectList}, g.revoked_at IS NULL AS grant_active
       )
       SELECT r.*, ${rows.user.selectList} FROM redeemed r LEFT JOIN ${UsersSql.join('u', 'r."code.userId"')}`,
      [hash, clientId],
    );
    if (consumed.length === 1) {
      const row = consumed[0];
      return {
        status: 'ok',
        code: rows.code.of(row)!,
        grant: rows.grant.of(row)!,
        grantActive: row.grant_active,
        user: rows.user.of(row),
      };
    }
    // Not consumed now: unknown, another client's, used before (a replay) or expired unused.
    const found = await this.codes.findOneBy({ codeHash: hash });
    if (!found) return { status: 'invalid' };
    if (found.clientId !== clientId) return { status: 'foreign' };
    return found.consumedAt ? { status: 'replayed', code: found } : { status: 'invalid' };
  }

  private redemptionRows?: {
    code: EntityRows<AuthorizationCode>;
    grant: EntityRows<AuthorizationGrant>;
    user: EntityRows<User>;
  };
}
