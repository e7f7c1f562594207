import type { RegistrationProblem } from './passkey-registration';

/** What went wrong on the Passkeys section, as the `problem` parameter of the page it comes back to. */
export type PasskeyProblem = `passkey-${RegistrationProblem | 'name' | 'unknown' | 'proof' | 'locked'}`;

const MESSAGES: Record<PasskeyProblem, string> = {
  'passkey-malformed': 'The answer of your passkey could not be read. Try again.',
  'passkey-challenge': 'Adding the passkey took too long, or the page was used twice. Try again.',
  'passkey-unverified': 'The new passkey could not be verified. Try again.',
  'passkey-duplicate': 'This passkey is registered already.',
  'passkey-name': 'Give the passkey a name of at most 64 characters.',
  'passkey-unknown': 'That passkey is not one of yours (any more).',
  'passkey-proof': 'Enter your current password or a code from your authenticator app.',
  'passkey-locked': 'Too many wrong passwords or codes. Wait a few minutes, then try again.',
};

/** The message (a locales/ key) for the page's `problem` parameter when it is one of this section's. */
export function passkeyProblemMessage(problem: unknown): string | undefined {
  return typeof problem === 'string' && Object.hasOwn(MESSAGES, problem)
    ? MESSAGES[problem as PasskeyProblem]
    : undefined;
}
