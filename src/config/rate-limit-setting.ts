/** A limit as configured: at most `limit` requests per `windowSeconds` per client IP. */
export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}

export const RATE_LIMIT_FORMAT = /^[1-9]\d*\/[1-9]\d*$/;

/** Parses `600/60` (600 requests per 60 seconds). */
export function parseRateLimit(value: string): RateLimitSetting {
  if (!RATE_LIMIT_FORMAT.test(value)) throw new Error(`not a rate limit: ${value} (expected e.g. 600/60)`);
  const [limit, windowSeconds] = value.split('/').map(Number);
  return { limit, windowSeconds };
}

/** The named limits; each is configured by RATE_LIMIT_<NAME> (src/rate-limit says which endpoints count against it). */
export type RateLimitName = 'token' | 'introspection' | 'login' | 'registration' | 'device';
