import { booleanOf, complexOf, multiValuedOf, stringOrNull } from './scim-attribute-values';
import { invalidValue } from './scim-error';

export interface ScimEmail {
  address: string;
  primary: boolean;
}

/** One value of emails (RFC 7643 §4.1.2): an object whose value is the address. */
export function emailOf(value: unknown): ScimEmail {
  const email = complexOf(value, 'each email');
  if (typeof email.value !== 'string') throw invalidValue('each email must have its address as a string value');
  stringOrNull(email.type, 'emails.type');
  const primary =
    email.primary === undefined || email.primary === null ? false : booleanOf(email.primary, 'emails.primary');
  return { address: email.value, primary };
}

/** The one email this server keeps of an emails value: the primary one, else the first; null for none. */
export function primaryEmailOf(emails: unknown): string | null {
  const all = multiValuedOf(emails, 'emails').map(emailOf);
  // RFC 7643 §2.4: the primary value "true" MUST appear no more than once.
  if (all.filter((e) => e.primary).length > 1) throw invalidValue('at most one email may be primary');
  return (all.find((e) => e.primary) ?? all[0])?.address ?? null;
}
