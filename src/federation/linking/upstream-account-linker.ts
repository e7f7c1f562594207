import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import type { User } from '../../users/user.entity';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { UsersService } from '../../users/users.service';
import { UpstreamIdentity } from '../entities/upstream-identity.entity';
import type { UpstreamProvider } from '../entities/upstream-provider.entity';
import { claimMappingWithDefaults, mapClaims, type MappedProfile } from '../providers/claim-mapping';
import { newUserProfile, usernameCandidates } from './new-user-input';

export type LinkOutcome =
  { ok: true; user: User } | { ok: false; reason: 'no_account' | 'account_disabled' | 'account_conflict' };

type LinkedVia = 'email' | 'created';

/**
 * The local user an upstream identity signs in as, by the provider's policy: the user it is
 * linked to; else, with link_by_email, the user whose verified email the provider verified too;
 * else, with auto_create, a new user without a password. A disabled user never signs in.
 */
@Injectable()
export class UpstreamAccountLinker {
  constructor(
    @InjectRepository(UpstreamIdentity) private readonly identities: Repository<UpstreamIdentity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async userFor(
    provider: UpstreamProvider,
    subject: string,
    claims: Record<string, unknown>,
    ip: string | null,
  ): Promise<LinkOutcome> {
    const linked = await this.linkedUser(provider.id, subject);
    if (linked) {
      await this.identities.update({ providerId: provider.id, subject }, { lastLoginAt: new Date() });
      return usable(linked);
    }
    const profile = mapClaims(claims, claimMappingWithDefaults(provider.claimMapping));
    const byEmail = provider.linkByEmail ? await this.userWithSameVerifiedEmail(profile) : null;
    if (byEmail) {
      if (byEmail.disabled) return { ok: false, reason: 'account_disabled' };
      return this.link(provider, subject, byEmail, 'email', ip);
    }
    if (!provider.autoCreate) return { ok: false, reason: 'no_account' };
    const created = await this.createUser(provider, subject, profile);
    if (!created) return { ok: false, reason: 'account_conflict' };
    return this.link(provider, subject, created, 'created', ip);
  }

  private async linkedUser(providerId: string, subject: string): Promise<User | null> {
    const link = await this.identities.findOneBy({ providerId, subject });
    return link ? this.users.findById(link.userId) : null;
  }

  /**
   * Both sides must have verified the address: the provider, that its user owns it; this
   * server, that the local account's owner does. Otherwise whoever registered a victim's
   * address first (here or upstream) would take over the other account.
   */
  private async userWithSameVerifiedEmail(profile: MappedProfile): Promise<User | null> {
    if (!profile.email || !profile.emailVerified) return null;
    const user = await this.users.findByEmail(profile.email);
    return user?.emailVerified ? user : null;
  }

  /** A new user, trying each username and dropping an email another account has. Null when none worked. */
  private async createUser(provider: UpstreamProvider, subject: string, profile: MappedProfile): Promise<User | null> {
    const fields = newUserProfile(profile);
    const withoutEmail = { ...fields, email: undefined, emailVerified: undefined };
    for (const username of usernameCandidates(provider.id, subject, profile.username)) {
      for (const withEmail of fields.email === undefined ? [false] : [true, false]) {
        try {
          return await this.users.create({ ...(withEmail ? fields : withoutEmail), username });
        } catch (error) {
          if (!(error instanceof UsersError)) throw error;
          if (error.code === UsersErrorCode.UsernameTaken) break;
          if (error.code !== UsersErrorCode.EmailTaken) return null;
        }
      }
    }
    return null;
  }

  /**
   * Links the identity; should a concurrent sign-in of the same identity have linked it first,
   * its link wins and a user created here for nothing is removed.
   */
  private async link(
    provider: UpstreamProvider,
    subject: string,
    user: User,
    via: LinkedVia,
    ip: string | null,
  ): Promise<LinkOutcome> {
    // TypeORM hands back the rows of an INSERT ... RETURNING as they are.
    const inserted = (await this.db.query(
      `INSERT INTO upstream_identities (provider_id, subject, user_id) VALUES ($1, $2, $3)
       ON CONFLICT (provider_id, subject) DO NOTHING RETURNING user_id`,
      [provider.id, subject, user.id],
    )) as { user_id: string }[];
    if (inserted.length === 0) {
      if (via === 'created') await this.users.delete(user.id);
      const winner = await this.linkedUser(provider.id, subject);
      return winner ? usable(winner) : { ok: false, reason: 'account_conflict' };
    }
    await this.audit.record({
      type: AuditEventType.UpstreamIdentityLinked,
      actor: `user:${user.id}`,
      subject: user.id,
      ip,
      details: { provider: provider.id, via },
    });
    return usable(user);
  }
}

function usable(user: User): LinkOutcome {
  return user.disabled ? { ok: false, reason: 'account_disabled' } : { ok: true, user };
}
