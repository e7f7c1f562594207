import { sha256Hex } from '../common/crypto/sha256';

/** Failures older than `windowSeconds` (since the last one) no longer count: the counter starts again. */
export interface CountingPolicy {
  windowSeconds: number;
}

/**
 * A firm limit, as backoff rather than a permanent lock: after `threshold` failures within the
 * window, each further failure locks the key for base·2^(n−threshold) seconds, capped at
 * `maxLockSeconds`, and the key is refused (429) meanwhile.
 */
export interface ThrottlePolicy extends CountingPolicy {
  threshold: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
}

/** A slow-down, never a refusal: past `threshold` failures each attempt waits base·2^(n−threshold) ms, capped. */
export interface SlowDownPolicy extends CountingPolicy {
  threshold: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const isThrottlePolicy = (p: CountingPolicy): p is ThrottlePolicy => 'baseLockSeconds' in p;

/**
 * OWASP Authentication Cheat Sheet (account lockout) and "Slow Down Online Guessing Attacks
 * with Device Cookies": an address and an account-and-address pair are throttled firmly; an
 * account alone is only slowed down, so a guesser on other addresses cannot lock its owner out;
 * a browser that signed in to the account before is exempt and counted on its own.
 */
export const IP_POLICY: ThrottlePolicy = {
  threshold: 20,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};
export const PAIR_POLICY: ThrottlePolicy = {
  threshold: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};
export const ACCOUNT_POLICY: SlowDownPolicy = { threshold: 5, baseDelayMs: 500, maxDelayMs: 4000, windowSeconds: 900 };
/** A known browser's own failures: past the threshold it loses its exemption until the lock ends. */
export const KNOWN_BROWSER_POLICY: ThrottlePolicy = {
  threshold: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};

/** The longest window of the sign-in counters: the cleanup job keeps a counter at least this long. */
export const LOGIN_WINDOW_SECONDS = Math.max(
  ...[IP_POLICY, PAIR_POLICY, ACCOUNT_POLICY, KNOWN_BROWSER_POLICY].map((p) => p.windowSeconds),
);

export function lockSeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.maxLockSeconds, policy.baseLockSeconds * 2 ** (failures - policy.threshold));
}

export function slowDownMs(failures: number, policy: SlowDownPolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - policy.threshold));
}

/** login_attempts.key is varchar(320); an email address alone may be that long. */
const MAX_KEY_LENGTH = 320;

/** A key too long for the column is its SHA-256 instead: still one counter per key, whatever a hostile client types. */
function fitted(prefix: string, rest: string): string {
  const key = `${prefix}:${rest}`;
  return key.length <= MAX_KEY_LENGTH ? key : `${prefix}:sha256:${sha256Hex(rest)}`;
}

/** The login as typed, normalised: how an unknown name is counted (and how audit events name the attempt). */
export const normalisedLogin = (login: string) => login.trim().toLowerCase();

/**
 * The account an attempt counts against: the user's id when the login names one (so `bob` and
 * `bob@example.com` are one account), the normalised login otherwise (so unknown names are
 * counted, and answered, exactly as known ones).
 */
export const accountOf = (userId: string | null, login: string) =>
  userId ? `user:${userId}` : `login:${normalisedLogin(login)}`;

export const accountKey = (account: string) => fitted('account', account);
export const ipKey = (ip: string) => fitted('ip', ip);
export const pairKey = (account: string, ip: string) => fitted('pair', `${ip}|${account}`);
export const knownBrowserKey = (browserId: string) => fitted('browser', browserId);
/** How audit events name an attempt: the login as typed (normalised), never the password. */
export const attemptSubject = (login: string) => fitted('user', normalisedLogin(login));
