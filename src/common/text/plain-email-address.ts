/**
 * One address as this server stores, compares and mails it: `local@domain` without RFC 5322's
 * quoted strings, comments, brackets, lists or whitespace. A quoted local part (`"a@b"@c`) is
 * valid mail syntax but names the same mailbox as its unquoted form and is refused by the mailer,
 * so no user may hold one.
 */
export const PLAIN_EMAIL_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

export function isPlainEmailAddress(value: string): boolean {
  return PLAIN_EMAIL_ADDRESS.test(value);
}
