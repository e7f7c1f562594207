/** "Name <address>" or a bare address; the name is what mail clients show as the sender. */
const MAIL_FROM = /^(?:([^<>"\r\n]*?|"[^"\r\n]*")\s*<([^<>\s@]+@[^<>\s@]+)>|([^<>\s@"]+@[^<>\s@]+))$/;

export interface MailFrom {
  name: string | undefined;
  address: string;
}

export function parseMailFrom(value: string): MailFrom | undefined {
  const m = MAIL_FROM.exec(value.trim());
  if (!m) return undefined;
  const name = m[1]?.replace(/^"|"$/g, '').trim();
  return { name: name || undefined, address: m[2] ?? m[3] };
}

/** Why MAIL_FROM is unusable, or undefined: a relay needs an explicit sender, anything else has a default. */
export function mailFromProblem(value: string | undefined, smtpConfigured: boolean): string | undefined {
  if (value === undefined) return smtpConfigured ? 'required when SMTP_URL is set' : undefined;
  return parseMailFrom(value) ? undefined : 'must be an address, or "Name <address>"';
}
