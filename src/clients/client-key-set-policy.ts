import type { KeySetPolicy } from '../outbound/key-sets';

/**
 * How a client's jwks_uri is fetched and kept (KeySets): private_key_jwt assertions and request
 * objects (RFC 9101) are verified with the same registered keys. jose refetches on an unknown
 * kid, at most once per cooldown, so a client can rotate keys.
 */
export const CLIENT_KEY_SET_POLICY: KeySetPolicy = { timeoutMs: 3000, cooldownMs: 30_000, maxAgeMs: 10 * 60_000 };
