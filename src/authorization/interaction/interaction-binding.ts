import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const NONCE = /^[A-Za-z0-9_-]{43}$/;
const PART = 22; // 16 bytes, base64url

/** A browser's binding nonce: random, kept in its signed interaction cookie. */
export function newBrowserNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function isBrowserNonce(value: unknown): value is string {
  return typeof value === 'string' && NONCE.test(value);
}

const tag = (secret: string, nonce: string, random: string) =>
  createHmac('sha256', secret).update(`interaction:${nonce}:${random}`).digest().subarray(0, 16);

/**
 * An interaction id only the browser holding `nonce` can use: 128 random bits, then an HMAC
 * (COOKIE_SECRET) of them with the nonce. One cookie per browser thus binds any number of
 * interactions (tabs) at Path=/, as a __Host- cookie must be; a leaked interaction URL is
 * useless in another browser.
 */
export function newInteractionId(secret: string, nonce: string): string {
  const random = randomBytes(16).toString('base64url');
  return `${random}${tag(secret, nonce, random).toString('base64url')}`;
}

/** Whether `id` was made for the browser holding `nonce`; compared in constant time. */
export function isInteractionOf(secret: string, nonce: string, id: string): boolean {
  if (id.length !== 2 * PART) return false;
  const given = Buffer.from(id.slice(PART), 'base64url');
  const expected = tag(secret, nonce, id.slice(0, PART));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
