import { hash } from 'node:crypto';

/**
 * SHA-256 of a string (UTF-8), in hex: the stored form of every high-entropy secret the server
 * makes (tokens, codes, session ids, client and admin secrets), looked up by equality. Their
 * entropy is why a fast hash suffices; user passwords pay argon2id instead (PasswordHasher).
 */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}
