import { AMR } from '../../authenticators/acr';

/** RFC 8176 values a passkey proves: a key held by an authenticator (`hwk`) that tested the user's presence. */
export const PASSKEY_AMR: readonly string[] = [AMR.passkey, AMR.userPresence];

/**
 * A passkey on its own with user verification is two factors: something held (the key) and
 * something known or been (the PIN or biometric the authenticator checked), so `mfa` too.
 */
export const PASSWORDLESS_AMR: readonly string[] = [...PASSKEY_AMR, AMR.multiFactor];
