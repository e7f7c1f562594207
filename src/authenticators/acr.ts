/**
 * Authentication context classes (OIDC Core §2 `acr`) and methods (RFC 8176 `amr`), in one
 * place. Three levels, each meeting the ones below it (docs/second-factors.md):
 *  - "1": one factor (a password, or an upstream provider's sign-in);
 *  - "2": two factors (a password and a one-time code or recovery code), or a passkey with
 *    user verification;
 *  - "3": phishing-resistant (a passkey, alone with user verification or as second factor).
 * Every caller (the ID Token, the authorization request's acr checks, discovery, the
 * second-factor step) follows from here.
 */
export const ACR_VALUES_SUPPORTED: readonly string[] = ['1', '2', '3'];

/** The acr a session needs no second factor for. */
export const SINGLE_FACTOR_ACR = '1';
/** The acr every second factor reaches. */
export const MULTI_FACTOR_ACR = '2';
/** The acr only a passkey reaches. */
export const PHISHING_RESISTANT_ACR = '3';

/** RFC 8176 values the methods here add to a session's amr. */
export const AMR = {
  password: 'pwd',
  oneTimeCode: 'otp',
  /** A passkey: proof of possession of a key held by an authenticator. */
  passkey: 'hwk',
  /** The authenticator tested the user's presence. */
  userPresence: 'user',
  /** Two or more independent factors (RFC 8176 §2). */
  multiFactor: 'mfa',
} as const;

const rank = (acr: string): number => ACR_VALUES_SUPPORTED.indexOf(acr) + 1;

/** The acr a sign-in with these methods (RFC 8176 amr values) achieved. */
export function acrOf(amr: readonly string[]): string {
  if (!amr.includes(AMR.multiFactor)) return SINGLE_FACTOR_ACR;
  return amr.includes(AMR.passkey) ? PHISHING_RESISTANT_ACR : MULTI_FACTOR_ACR;
}

/** Whether a sign-in that achieved `achieved` meets `wanted` (an unknown value is never met). */
export function meetsAcr(achieved: string, wanted: string): boolean {
  return rank(wanted) > 0 && rank(achieved) >= rank(wanted);
}

/** Whether some sign-in here could ever achieve one of `wanted`. */
export function canSatisfyAcr(wanted: readonly string[]): boolean {
  return wanted.some((value) => ACR_VALUES_SUPPORTED.includes(value));
}

/**
 * The acr to report for a sign-in: of the values the client asked for (in its order of
 * preference), the first the sign-in meets; otherwise what it achieved.
 */
export function reportedAcr(amr: readonly string[], requested: readonly string[] = []): string {
  const achieved = acrOf(amr);
  return requested.find((wanted) => meetsAcr(achieved, wanted)) ?? achieved;
}

/** The lowest level among `wanted` this server knows, or undefined when none (any acr will do). */
export function lowestKnownAcr(wanted: readonly string[]): string | undefined {
  const known = wanted.filter((v) => rank(v) > 0).sort((a, b) => rank(a) - rank(b));
  return known[0];
}

/** The amr of a session after a further factor: its methods and the new ones, and `mfa`. */
export function withSecondFactor(amr: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...amr, ...added, AMR.multiFactor])];
}
