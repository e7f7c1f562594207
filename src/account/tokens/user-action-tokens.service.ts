import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { IsNull, MoreThan, Repository, type EntityManager } from 'typeorm';
import { sha256Hex } from '../../common/crypto/sha256';
import { UserActionToken, type UserActionPurpose } from './user-action-token.entity';

/** 256 bits, base64url: what a link carries. Anything else is not worth a database read. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single-use, short-lived tokens for mailed links. Issuing one for a purpose retires the user's
 * earlier ones for that purpose, so only the newest link works. A token is only looked at by
 * `find` (showing a form must not use it up: mail scanners open links) and used up by `consume`,
 * atomically, so two submissions of one link cannot both succeed.
 */
@Injectable()
export class UserActionTokens {
  constructor(@InjectRepository(UserActionToken) private readonly tokens: Repository<UserActionToken>) {}

  async issue(
    userId: string,
    purpose: UserActionPurpose,
    lifetimeSeconds: number,
    options: { email?: string; fromEmail?: string | null; manager?: EntityManager } = {},
  ): Promise<string> {
    const repository = options.manager?.getRepository(UserActionToken) ?? this.tokens;
    const token = randomBytes(32).toString('base64url');
    await repository.update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    await repository.insert({
      userId,
      purpose,
      tokenHash: sha256Hex(token),
      email: options.email ?? null,
      fromEmail: options.fromEmail ?? null,
      expiresAt: new Date(Date.now() + lifetimeSeconds * 1000),
    });
    return token;
  }

  /**
   * Retires the user's live links of these purposes (a new password: a change of address asked
   * for with the old one, or a reset link, must not outlive it). Returns how many.
   */
  async retire(userId: string, purposes: readonly UserActionPurpose[]): Promise<number> {
    const [, retired] = (await this.tokens.query(
      `UPDATE user_action_tokens SET used_at = now()
        WHERE user_id = $1 AND purpose = ANY($2::text[]) AND used_at IS NULL AND expires_at > now()`,
      [userId, purposes],
    )) as [unknown, number];
    return retired;
  }

  /** The live token, or undefined when it is unknown, used, expired or malformed. */
  async find(token: unknown, purpose: UserActionPurpose): Promise<UserActionToken | undefined> {
    if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) return undefined;
    const found = await this.tokens.findOneBy({
      tokenHash: sha256Hex(token),
      purpose,
      usedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
    });
    return found ?? undefined;
  }

  /** Uses the token up, in the caller's transaction; undefined when it was not live. */
  async consume(
    token: unknown,
    purpose: UserActionPurpose,
    manager: EntityManager,
  ): Promise<UserActionToken | undefined> {
    if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) return undefined;
    const rows = (await manager.query(
      `UPDATE user_action_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING id, user_id AS "userId", purpose, email, from_email AS "fromEmail", created_at AS "createdAt"`,
      [sha256Hex(token), purpose],
    )) as [UserActionToken[], number];
    return rows[0][0];
  }
}
