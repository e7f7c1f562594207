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

/** Accounts are keyed by the login as typed, so unknown and known names behave the same. */
export const accountKey = (login: string) => `user:${login.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;
