import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type SelectQueryBuilder, type UpdateQueryBuilder } from 'typeorm';
import { hashToken, newOpaqueToken } from '../token/opaque-token';
import { InitialAccessToken } from './initial-access-token.entity';
import { RegistrationError, RegistrationErrorCode } from './registration.error';

export interface IssueInitialAccessTokenOptions {
  /** When the token stops working. Default: 24 hours from now; null: never. */
  expiresAt?: Date | null;
  /** How many clients it may register. Default: 1; null: no limit. */
  maxUses?: number | null;
  /** A note for operators, e.g. who the token was given to. */
  description?: string | null;
  /** The API scopes a client registered with it may ask for, beyond the user scopes. Default: none. */
  scopes?: string[] | null;
}

/** An initial access token as operators see it: never the token or its hash. */
export interface InitialAccessTokenInfo {
  id: string;
  description: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  maxUses: number | null;
  uses: number;
  revokedAt: Date | null;
  /** The API scopes a client registered with it may ask for; null: none beyond the user scopes. */
  scopes: string[] | null;
  /** Not revoked, not expired, not used up. */
  active: boolean;
}

export interface IssuedInitialAccessToken {
  /** The token itself: shown here once, stored only as its SHA-256. */
  token: string;
  info: InitialAccessTokenInfo;
}

const DEFAULT_LIFETIME_MS = 24 * 3600_000;
const MAX_USES = 1_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Judged by the database clock, so every replica agrees on when a token expires.
const USABLE =
  'revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND (max_uses IS NULL OR uses < max_uses)';

/** Issues, checks, counts and revokes RFC 7591 §3 initial access tokens. */
@Injectable()
export class InitialAccessTokenService {
  constructor(@InjectRepository(InitialAccessToken) private readonly tokens: Repository<InitialAccessToken>) {}

  async issue(options: IssueInitialAccessTokenOptions = {}): Promise<IssuedInitialAccessToken> {
    const { expiresAt = new Date(Date.now() + DEFAULT_LIFETIME_MS), maxUses = 1, description = null } = options;
    const scopes = options.scopes ? [...new Set(options.scopes)] : null;
    assertValidOptions(expiresAt, maxUses, description, scopes);
    const token = newOpaqueToken();
    const row = this.tokens.create({ tokenHash: hashToken(token), expiresAt, maxUses, description, scopes });
    const { identifiers } = await this.tokens.insert(row);
    const saved = await this.tokens.findOneByOrFail({ id: identifiers[0].id as string });
    return { token, info: toInfo(saved) };
  }

  /** Stops the token from registering any more clients; revoking twice is harmless. */
  async revoke(id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound(id);
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    if (!result.affected && !(await this.tokens.existsBy({ id }))) throw notFound(id);
  }

  /** Every token, newest first. */
  async list(): Promise<InitialAccessTokenInfo[]> {
    const rows = await this.tokens.find({ order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map(toInfo);
  }

  /** The token's record when it may register a client now, else null. Counts no use. */
  async verify(token: string): Promise<InitialAccessTokenInfo | null> {
    if (typeof token !== 'string' || token === '') return null;
    // Looked up by the hash of a high-entropy token: timing reveals nothing about the token.
    const row = await usable(this.tokens.createQueryBuilder().select())
      .andWhere('token_hash = :hash', { hash: hashToken(token) })
      .getOne();
    return row ? toInfo(row) : null;
  }

  /** Counts one use, atomically: false when the token stopped being usable since it was verified. */
  async redeem(id: string): Promise<boolean> {
    const result = await usable(
      this.tokens
        .createQueryBuilder()
        .update()
        .set({ uses: () => 'uses + 1' }),
    )
      .andWhere('id = :id', { id })
      .execute();
    return result.affected === 1;
  }

  /** Gives back a use counted by redeem() for a registration that then failed. */
  async release(id: string): Promise<void> {
    await this.tokens
      .createQueryBuilder()
      .update()
      .set({ uses: () => 'GREATEST(uses - 1, 0)' })
      .where('id = :id', { id })
      .execute();
  }
}

function usable<T extends SelectQueryBuilder<InitialAccessToken> | UpdateQueryBuilder<InitialAccessToken>>(qb: T): T {
  return qb.where(USABLE) as T;
}

function assertValidOptions(
  expiresAt: Date | null,
  maxUses: number | null,
  description: string | null,
  scopes: string[] | null,
): void {
  const invalid = (message: string) =>
    new RegistrationError(RegistrationErrorCode.InvalidInitialAccessTokenOptions, message);
  if (expiresAt !== null && (!(expiresAt instanceof Date) || isNaN(+expiresAt) || +expiresAt <= Date.now()))
    throw invalid('expiresAt must be a date in the future, or null for a token that never expires');
  if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > MAX_USES))
    throw invalid(`maxUses must be a whole number from 1 to ${MAX_USES}, or null for no limit`);
  if (description !== null && (typeof description !== 'string' || description.length > 255))
    throw invalid('description must be at most 255 characters');
  // RFC 6749 §3.3 scope-token.
  if (scopes !== null && (scopes.length > 100 || !scopes.every((s) => /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/.test(s))))
    throw invalid('scopes must be at most 100 scope names (RFC 6749 §3.3)');
}

function toInfo(row: InitialAccessToken): InitialAccessTokenInfo {
  const now = Date.now();
  return {
    id: row.id,
    description: row.description,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    maxUses: row.maxUses,
    uses: row.uses,
    revokedAt: row.revokedAt,
    scopes: row.scopes,
    active:
      row.revokedAt === null &&
      (row.expiresAt === null || row.expiresAt.getTime() > now) &&
      (row.maxUses === null || row.uses < row.maxUses),
  };
}

function notFound(id: string): RegistrationError {
  return new RegistrationError(RegistrationErrorCode.InitialAccessTokenNotFound, `no initial access token ${id}`);
}
