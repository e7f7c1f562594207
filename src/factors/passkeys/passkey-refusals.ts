import type { AssertionRefusal } from './passkey-assertions';

/** What the page says when a passkey is refused (each a locales/ key), and the status it answers with. */
export function passkeyRefusal(reason: AssertionRefusal | 'disabled' | 'unverified'): {
  status: number;
  message: string;
} {
  switch (reason) {
    case 'malformed':
      return { status: 400, message: 'The answer of your passkey could not be read. Try again.' };
    case 'challenge':
      return { status: 400, message: 'This passkey request has expired or was already answered. Try again.' };
    case 'unknown-credential':
      return {
        status: 401,
        message: 'This passkey is not registered here: it may have been removed. Sign in another way.',
      };
    case 'other-user':
      return { status: 401, message: 'This passkey belongs to another account.' };
    case 'signature':
      return { status: 401, message: 'Your passkey could not be verified. Try again.' };
    case 'user-not-verified':
      return {
        status: 401,
        message: 'Your passkey did not check that it is you (no PIN, fingerprint or face). Sign in another way.',
      };
    case 'counter':
      return {
        status: 401,
        message: 'This passkey may have been copied: its use counter went backwards. Sign in another way.',
      };
    case 'disabled':
      return { status: 403, message: 'This account is disabled.' };
    case 'unverified':
      return { status: 403, message: 'Confirm your email address first: follow the link we sent you, then sign in.' };
  }
}
