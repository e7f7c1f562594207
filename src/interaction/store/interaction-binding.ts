import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const NONCE = /^[A-Za-z0-9_-]{43}$/;
const ID = /^[A-Za-z0-9_-]{43}$/;
const PART = 16; // bytes: the random part, then the tag

/** A browser's binding nonce: random, kept in its signed interaction cookie. */
export function newBrowserNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function isBrowserNonce(value: unknown): value is string {
  return typeof value === 'string' && NONCE.test(value);
}

const tag = (secret: string, nonce: string, random: Buffer) =>
  createHmac('sha256', secret).update(`interaction:${nonce}:`).update(random).digest().subarray(0, PART);

/**
 * An interaction id only the browser holding `nonce` can use: 128 random bits and an HMAC
 * (COOKIE_SECRET) of them with the nonce, 43 base64url characters. One cookie per browser thus
 * binds any number of interactions (tabs) at Path=/, as a __Host- cookie must be; a leaked
 * interaction URL is useless in another browser.
 */
export function newInteractionId(secret: string, nonce: string): string {
  const random = randomBytes(PART);
  return Buffer.concat([random, tag(secret, nonce, random)]).toString('base64url');
}

/** Whether `id` was made for the browser holding `nonce`; compared in constant time. */
export function isInteractionOf(secret: string, nonce: string, id: string): boolean {
  if (!ID.test(id)) return false;
  const bytes = Buffer.from(id, 'base64url');
  return timingSafeEqual(bytes.subarray(PART), tag(secret, nonce, bytes.subarray(0, PART)));
}
