import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage } from './mail-message';

/** Short enough that a dead relay fails the attempt (and it is retried) well within the outbox lease. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * Sends through SMTP_URL (smtp:// upgrades with STARTTLS when offered, smtps:// is TLS from the
 * start; user:pass in the URL authenticates). Errors come back without the URL's password.
 */
export class SmtpTransport {
  private readonly transporter: Transporter;
  private readonly secrets: string[];

  constructor(smtpUrl: string) {
    this.transporter = createTransport({ url: smtpUrl, ...TIMEOUTS });
    const url = new URL(smtpUrl);
    this.secrets = [url.password, decodeURIComponent(url.password)].filter((s) => s.length > 0);
  }

  /** The relay as logs may show it: scheme, host and port, no credentials. */
  static describe(smtpUrl: string): string {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    } catch (e) {
      throw new Error(this.redact(e instanceof Error ? e.message : String(e)), { cause: e });
    }
  }

  close(): void {
    this.transporter.close();
  }

  private redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  }
}
