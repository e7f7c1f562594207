import { randomInt } from 'node:crypto';

/**
 * RFC 8628 §6.1: the consonants but Y, so no word can form and no I or O is taken for 1 or 0.
 * 20^8 ≈ 2.6·10^10 codes (34 bits); guesses are counted and locked out per IP.
 */
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const LENGTH = 8;
const NORMALISED = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);

/** A new random user code, normalised (as stored). */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/**
 * RFC 8628 §6.1: what the user typed, compared case-insensitively and ignoring punctuation
 * and spaces. Undefined when it cannot be a user code at all.
 */
export function normaliseUserCode(typed: unknown): string | undefined {
  if (typeof typed !== 'string' || typed.length > 64) return undefined;
  const code = typed.toUpperCase().replace(/[^A-Z]/g, '');
  return NORMALISED.test(code) ? code : undefined;
}

/** As shown to the user: XXXX-XXXX. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, LENGTH / 2)}-${code.slice(LENGTH / 2)}`;
}
