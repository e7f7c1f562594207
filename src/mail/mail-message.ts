/** A rendered message as the outbox stores it (payload of kind 'mail'). */
export interface MailMessage {
  [key: string]: unknown;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  template: string;
}

export const MAIL_KIND = 'mail';

/** The first http(s) link of a text, for the development log line (a verification link, say). */
export function firstLinkOf(text: string): string | undefined {
  return /https?:\/\/[^\s<>"]+/.exec(text)?.[0];
}
