import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailConfig } from '../config/mail.config';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { firstLinkOf, MAIL_KIND, type MailMessage } from './mail-message';
import { SmtpTransport } from './smtp-transport';

export const DEV_OUTBOX = 'dev-outbox';

/** Delivers the outbox's 'mail' rows: over SMTP, or into the development outbox without SMTP_URL. */
@Injectable()
export class MailDeliveryHandler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly smtp?: SmtpTransport;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: OutboxHandlerRegistry,
    settings: MailConfig,
  ) {
    if (settings.smtpUrl) this.smtp = new SmtpTransport(settings.smtpUrl);
  }

  onModuleInit(): void {
    this.registry.registerHandler(MAIL_KIND, (payload) => this.deliver(payload as MailMessage));
  }

  onModuleDestroy(): void {
    this.smtp?.close();
  }

  /** Where messages go without a relay: nowhere in production (mail is off), else the dev outbox. */
  get devOutbox(): boolean {
    return !this.smtp && !this.config.production;
  }

  async deliver(message: MailMessage): Promise<string> {
    if (this.smtp) {
      await this.smtp.send(message);
      return 'smtp';
    }
    if (!this.devOutbox) throw new Error('mail is off: SMTP_URL is not set');
    this.announce(message);
    return DEV_OUTBOX;
  }

  /** The development outbox's log line: enough to follow a verification or reset link by hand. */
  announce(message: MailMessage): void {
    const link = firstLinkOf(message.text);
    this.logger.log(`Development outbox: "${message.subject}" to ${message.to}${link ? `; first link: ${link}` : ''}`);
  }
}
