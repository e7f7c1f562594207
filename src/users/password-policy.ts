import { dictionary } from '@zxcvbn-ts/language-common';

/** Beyond this, hashing costs more than any real passphrase needs (argon2 still runs on it). */
export const PASSWORD_MAX_LENGTH = 1024;

export interface PasswordOwner {
  username?: string | null;
  email?: string | null;
}

let common: ReadonlySet<string> | undefined;

/** The ~49,000 most common passwords (zxcvbn's list, shipped in the package): read once, when first needed. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/**
 * What is wrong with a password a person chooses (NIST SP 800-63B §5.1.1.2): too short, too
 * long, one of the most common passwords, or containing the account's own username or email
 * name. An empty list means it is acceptable. The same policy applies wherever a user sets a
 * password: registration, change and reset.
 */
export function passwordProblems(password: string, minLength: number, owner: PasswordOwner = {}): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  // Messages are catalog keys (locales/*.json): {min} and {max} are filled in where they are shown.
  if (length < minLength) problems.push('Use at least {min} characters.');
  if (length > PASSWORD_MAX_LENGTH) problems.push('Use at most {max} characters.');
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) problems.push('This is one of the most common passwords: choose another.');
  const own = [owner.username, owner.email, owner.email?.split('@')[0]]
    .filter((v): v is string => typeof v === 'string' && v.length >= 3)
    .map((v) => v.toLowerCase());
  if (own.some((v) => lower.includes(v))) problems.push('Do not use your username or email address in it.');
  return problems;
}
