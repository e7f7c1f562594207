import { isPlainEmailAddress } from '../common/text/plain-email-address';
import { isEmail, isURL } from 'class-validator';
import type { UserProfileInput } from './user-input';
import { UsersError, UsersErrorCode } from './users.error';

// NIST SP 800-63B §5.1.1.2: at least 8 characters; the upper bound keeps hashing cost bounded.
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 1024;
const hasControlCharacter = (s: string) => [...s].some((c) => c < ' ' || c === '\x7f');
/**
 * Format characters (zero-width, bidi controls), the line and paragraph separators, what Unicode
 * says to draw as nothing (Default_Ignorable_Code_Point: variation selectors, the combining
 * grapheme joiner, Hangul fillers, Mongolian and Khmer invisible signs) and the blank braille
 * pattern, which draws as a space that is not one.
 */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;
/**
 * The Indic scripts and their viramas: a joiner after a virama on a letter of its own script picks
 * a conjunct's form (RFC 5892 A.1, A.2), and is followed by a letter of that script.
 */
const VIRAMAS: readonly (readonly [string, string])[] = [
  ['Devanagari', '094d'],
  ['Bengali', '09cd'],
  ['Gurmukhi', '0a4d'],
  ['Gujarati', '0acd'],
  ['Oriya', '0b4d'],
  ['Tamil', '0bcd'],
  ['Telugu', '0c4d'],
  ['Kannada', '0ccd'],
  ['Malayalam', '0d4d'],
  ['Sinhala', '0dca'],
];
const AFTER_VIRAMA = VIRAMAS.map(
  ([script, virama]) => `(?<=\\p{sc=${script}}\\u${virama})[\\u200c\\u200d](?=\\p{sc=${script}})`,
).join('|');
/**
 * Arabic letters that join the letter after them (dual-joining), with their vowel marks: a ZWNJ
 * after one keeps it from joining, as Persian spells (RFC 5892 A.1). After a letter that never
 * joins leftwards (alef, dal, reh, waw…) a ZWNJ changes nothing on screen, so it is not taken.
 */
const JOINS_LEFT =
  '(?:(?![\\u0621-\\u0625\\u0627\\u0629\\u062f-\\u0632\\u0648\\u0671-\\u0673\\u0675-\\u0677\\u0688-\\u0699\\u06c0\\u06c3-\\u06cb\\u06cd\\u06cf\\u06d2\\u06d3\\u06d5\\u06ee\\u06ef])(?=\\p{L})\\p{sc=Arabic})[\\u064b-\\u065f\\u0670]*';
/**
 * A joiner where it is part of the spelling (RFC 5892 ContextJ, for the scripts that use it):
 * ZWJ or ZWNJ after a virama, ZWNJ between a left-joining Arabic letter and another Arabic
 * letter. Anywhere else, or two in a row, it only makes a second spelling of a name that looks
 * the same.
 */
const JOINERS_IN_WORDS = new RegExp(`${AFTER_VIRAMA}|(?<=${JOINS_LEFT})\\u200c(?=(?=\\p{L})\\p{sc=Arabic})`, 'gu');
// BCP 47 language tag, loosely (OIDC Core §5.1 locale), e.g. en, en-US, fr_CA.
const LOCALE = /^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/;

const invalid = (message: string) => new UsersError(UsersErrorCode.InvalidUser, message);

export function assertValidUsername(username: unknown): asserts username is string {
  if (typeof username !== 'string' || username.trim() === '' || username.length > 255)
    throw invalid('username must be 1 to 255 characters');
  if (username !== username.trim() || hasControlCharacter(username))
    throw invalid('username must not start or end with spaces or contain control characters');
  if (hasInvisibleCharacter(username))
    throw invalid('username must not contain invisible or text-direction characters');
  if (username !== username.normalize('NFKC'))
    throw invalid('username must be in its usual form (NFKC): no fullwidth letters or separate accents');
}

/**
 * RFC 8265 (PRECIS) in spirit: one spelling for what looks the same. Invisible and direction
 * characters (U+200B, U+202E) would make a second "alice" that a list shows just like the first.
 */
function hasInvisibleCharacter(text: string): boolean {
  return INVISIBLE.test(text.replace(JOINERS_IN_WORDS, ''));
}

export function assertValidPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw invalid(`password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
}

export function assertValidProfile(input: UserProfileInput): void {
  if (input.email != null && !isAcceptableEmail(input.email)) throw invalid('email is not a valid address');
  for (const field of ['picture', 'profile', 'website'] as const) {
    const value = input[field];
    if (
      value != null &&
      (value.length > 2048 || !isURL(value, { require_protocol: true, protocols: ['http', 'https'] }))
    )
      throw invalid(`${field} must be an absolute http(s) URL`);
  }
  if (input.birthdate != null && !isBirthdate(input.birthdate))
    throw invalid('birthdate must be YYYY-MM-DD, YYYY, or 0000-MM-DD (OIDC Core §5.1)');
  if (input.zoneinfo != null && !isTimeZone(input.zoneinfo))
    throw invalid('zoneinfo must be a time zone of the IANA database, such as Europe/Paris');
  if (input.gender != null && (input.gender.length > 64 || hasControlCharacter(input.gender)))
    throw invalid('gender must be at most 64 characters');
  if (input.locale != null && !LOCALE.test(input.locale)) throw invalid('locale must be a BCP 47 language tag');
  if (input.phoneNumber != null && (input.phoneNumber.length > 64 || hasControlCharacter(input.phoneNumber)))
    throw invalid('phoneNumber is not valid');
  for (const field of ['name', 'givenName', 'familyName', 'middleName', 'nickname'] as const) {
    const value = input[field];
    if (value != null && value.length > 255) throw invalid(`${field} must be at most 255 characters`);
    if (value != null && hasControlCharacter(value)) throw invalid(`${field} must not contain control characters`);
  }
  if (input.roles !== undefined && !input.roles.every((r) => typeof r === 'string' && r.trim() !== ''))
    throw invalid('roles must be non-empty strings');
}

/** OIDC Core §5.1 birthdate: a real date, not after today, as YYYY-MM-DD, a year alone, or 0000-MM-DD without the year. */
function isBirthdate(value: string): boolean {
  if (/^\d{4}$/.test(value)) return value !== '0000' && Number(value) <= new Date().getUTCFullYear();
  if (!value.startsWith('0000') && value > new Date().toISOString().slice(0, 10)) return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  // A year 0000 stands for "not shared": check the day in a leap year, so 0000-02-29 passes.
  const year = match[1] === '0000' ? 2000 : Number(match[1]);
  const date = new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3])));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === Number(match[2]) - 1 &&
    date.getUTCDate() === Number(match[3])
  );
}

function isTimeZone(value: string): boolean {
  if (value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The one rule for an address a user gives: at most 320 characters, an email address, a plain one
 * (no quoting), and, as a username, no invisible characters and in its usual form (NFKC), so that
 * no second address looks like an account's own.
 */
export function isAcceptableEmail(email: string): boolean {
  return (
    email.length <= 320 &&
    isEmail(email) &&
    isPlainEmailAddress(email) &&
    !hasInvisibleCharacter(email) &&
    email === email.normalize('NFKC')
  );
}
