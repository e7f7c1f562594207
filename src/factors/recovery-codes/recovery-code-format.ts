import { randomInt } from 'node:crypto';

/** Crockford's base32 (no i, l, o, u), lowercase: nothing to confuse when copied by hand. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 16 characters of 5 bits: 80 random bits, so a fast hash (SHA-256) of each is safe to store. */
const LENGTH = 16;
const GROUP = 4;

/** A new code as shown: xxxx-xxxx-xxxx-xxxx. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return chars.join('').replace(new RegExp(`(.{${GROUP}})(?=.)`, 'g'), '$1-');
}

/**
 * A code as typed, in the form its hash was made of: case, spaces and dashes ignored, and the
 * letters Crockford reads as digits (o → 0, i and l → 1) read so. Undefined when it cannot be one.
 */
export function typedRecoveryCode(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const code = value.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** The stored form of a new code: the same normalisation as a typed one. */
export const normalisedRecoveryCode = (shown: string) => shown.replace(/-/g, '');
