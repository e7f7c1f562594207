import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { configSlice } from './config-slice';
import { mailFromProblem } from './mail-from';
import { emptyToUndefined } from './variable-transforms';

/** The mail module's environment variables (docs/configuration.md). */
export class MailVariables {
  /** The mail relay, smtp:// or smtps:// with user:pass (src/mail); unset: the development outbox. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/[^/?#\s]+(\/?|\?[^#\s]*)$/, { message: 'must be smtp://user:pass@host:port or smtps://…' })
  SMTP_URL?: string;

  /** The From of every message: an address, or "Name <address>" (checked by the slice). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  MAIL_FROM?: string;
}

/** Where mail goes and whom it is from. */
export class MailConfig {
  constructor(
    /** SMTP_URL: the mail relay; undefined sends mail to the development outbox, or nowhere in production. */
    readonly smtpUrl: string | undefined,
    /** MAIL_FROM: the From of every message. */
    readonly from: string,
  ) {}
}

export const MAIL_CONFIG = configSlice({
  variables: MailVariables,
  type: MailConfig,
  problems: (v) => {
    const problem = mailFromProblem(v.MAIL_FROM, v.SMTP_URL !== undefined);
    return problem ? [`MAIL_FROM=${JSON.stringify(v.MAIL_FROM ?? '')}: ${problem}`] : [];
  },
  settings: (v, core) => new MailConfig(v.SMTP_URL, v.MAIL_FROM ?? `no-reply@${new URL(core.issuer).hostname}`),
});
