import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { projectRoot } from '../common/http/project-root';
import { AppConfig } from '../config/app-config';
import { BrandingConfig } from '../config/branding.config';
import { MailConfig } from '../config/mail.config';
import type { OutboxDelivery, OutboxState } from '../outbox/outbox-delivery.entity';
import { OutboxService } from '../outbox/outbox.service';
import { DEV_OUTBOX, MailDeliveryHandler } from './mail-delivery.handler';
import { InvalidRecipientError, MailDisabledError } from './mail.errors';
import { isPlainEmailAddress } from '../common/text/plain-email-address';
import { MAIL_KIND, type MailMessage } from './mail-message';
import { MailTemplates } from './mail-templates';
import { SmtpTransport } from './smtp-transport';

export interface SendMail {
  to: string;
  /** A template in views/mail, e.g. 'test-message'. */
  template: string;
  /** A BCP 47 tag, e.g. the user's `locale` claim: picks a translated template when there is one. */
  locale?: string;
  data: Record<string, unknown>;
}

/** One message in the outbox, as the console shows it. */
export interface SentMail {
  id: string;
  message: MailMessage;
  delivery: OutboxDelivery;
}

/**
 * Renders mail from templates and queues it in the outbox: a request never waits on SMTP, and
 * a message is sent only if the caller's transaction commits. Without SMTP_URL, messages go to
 * the development outbox (stored as delivered, shown in the console), except in production,
 * where mail is off and `enabled` is false.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mail');
  private readonly templates: MailTemplates;

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly delivery: MailDeliveryHandler,
    private readonly settings: MailConfig,
    branding: BrandingConfig,
  ) {
    const { name: productName, logoUrl } = branding;
    this.templates = new MailTemplates(join(projectRoot(), 'views', 'mail'), {
      productName,
      logoUrl,
      issuer: config.issuer,
    });
  }

  /** False in production without SMTP_URL: password reset, email verification and the like are off. */
  get enabled(): boolean {
    return this.settings.smtpUrl !== undefined || this.delivery.devOutbox;
  }

  onApplicationBootstrap(): void {
    if (this.settings.smtpUrl)
      this.logger.log(`Mail goes through ${SmtpTransport.describe(this.settings.smtpUrl)} from ${this.settings.from}`);
    else if (this.delivery.devOutbox)
      this.logger.log('SMTP_URL is not set: mail goes to the development outbox (admin console, Mail)');
    else
      this.logger.warn(
        'SMTP_URL is not set: mail is off, and the features that send mail (email verification, password reset) are unavailable',
      );
  }

  /** Renders and queues a message; answers its outbox id. Throws MailDisabledError when mail is off. */
  async send(mail: SendMail, options: { manager?: EntityManager } = {}): Promise<string> {
    if (!this.enabled) throw new MailDisabledError();
    if (!isPlainEmailAddress(mail.to)) throw new InvalidRecipientError();
    const rendered = this.templates.render(mail.template, mail.data, mail.locale);
    const message: MailMessage = { to: mail.to, from: this.settings.from, template: mail.template, ...rendered };
    if (this.settings.smtpUrl) return this.outbox.enqueue(MAIL_KIND, message, options);
    const id = await this.outbox.recordDelivered(MAIL_KIND, message, DEV_OUTBOX, options);
    this.delivery.announce(message);
    return id;
  }

  /** Messages, newest first, with their delivery state (the console's Mail page). */
  async recent(query: {
    state?: OutboxState;
    offset: number;
    limit: number;
  }): Promise<{ items: SentMail[]; total: number }> {
    const page = await this.outbox.list({ ...query, kind: MAIL_KIND });
    return {
      total: page.total,
      items: page.items.map((delivery) => ({ id: delivery.id, message: delivery.payload as MailMessage, delivery })),
    };
  }
}
