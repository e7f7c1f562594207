import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import { MailService } from '../../mail/mail.service';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { VERIFY_EMAIL_PATH } from '../account-paths';
import { UserActionTokens } from '../tokens/user-action-tokens.service';

/** A day: long enough to find the mail the next morning. */
export const VERIFICATION_LINK_SECONDS = 24 * 60 * 60;

export type VerificationOutcome = { verified: true; email: string } | { verified: false };

/**
 * Proves a user receives mail at their address: a single-use link to the address itself,
 * confirmed with a button (not by opening the link: a mail scanner opening links must not verify
 * an address someone else typed in). `email_verified` turns true only if the address is still
 * the one the link was sent to.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly tokens: UserActionTokens,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  get available(): boolean {
    return this.mail.enabled;
  }

  /** Queues the link to the user's current address; only the newest link works. */
  async send(user: User, by: AuditActor): Promise<string> {
    if (!user.email) throw new Error('the user has no email address');
    const email = user.email;
    await this.db.transaction(async (manager) => {
      const token = await this.tokens.issue(user.id, 'email_verification', VERIFICATION_LINK_SECONDS, {
        email,
        manager,
      });
      const link = new URL(`${this.config.issuer}${VERIFY_EMAIL_PATH}`);
      link.searchParams.set('token', token);
      await this.mail.send(
        {
          to: email,
          template: 'verify-email',
          locale: user.locale ?? undefined,
          data: { name: user.name ?? user.username, link: link.href, email, hours: VERIFICATION_LINK_SECONDS / 3600 },
        },
        { manager },
      );
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.EmailVerificationSent,
      subject: user.id,
      details: { email },
    });
    return email;
  }

  /** The address a live link would confirm, for the confirmation page; undefined when it no longer works. */
  async pendingAddress(token: unknown): Promise<string | undefined> {
    return (await this.tokens.find(token, 'email_verification'))?.email ?? undefined;
  }

  async confirm(token: unknown, by: AuditActor): Promise<VerificationOutcome> {
    const used = await this.db.transaction((manager) => this.tokens.consume(token, 'email_verification', manager));
    if (!used?.email) return { verified: false };
    if (!(await this.users.markEmailVerified(used.userId, used.email))) return { verified: false };
    await this.audit.record({
      ...by,
      actor: `user:${used.userId}`,
      type: AuditEventType.EmailVerified,
      subject: used.userId,
      details: { email: used.email },
    });
    return { verified: true, email: used.email };
  }
}
