import { sha256Hex } from '../common/crypto/sha256';

/**
 * Backoff, not a permanent lock: after `threshold` failures within `windowSeconds`, each further
 * failure locks the key for base·2^(n−threshold) seconds, capped, so an attacker cannot lock a
 * user out for good and a user is never locked for longer than `maxLockSeconds`.
 */
export interface ThrottlePolicy {
  threshold: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  windowSeconds: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  threshold: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};
export const IP_POLICY: ThrottlePolicy = {
  threshold: 20,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};

export function lockSeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.maxLockSeconds, policy.baseLockSeconds * 2 ** (failures - policy.threshold));
}

/** login_attempts.key is varchar(320); an email address alone may be that long. */
const MAX_KEY_LENGTH = 320;

/**
 * Accounts are keyed by the login as typed, so unknown and known names behave the same. A login
 * too long for the column is keyed by its SHA-256 instead: still one counter per login, whatever
 * a hostile client types.
 */
export function accountKey(login: string): string {
  const normalised = login.trim().toLowerCase();
  const key = `user:${normalised}`;
  return key.length <= MAX_KEY_LENGTH ? key : `user:sha256:${sha256Hex(normalised)}`;
}
export const ipKey = (ip: string) => `ip:${ip}`;
