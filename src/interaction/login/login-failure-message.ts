import type { LoginOutcome } from './login.guard';

export interface LoginFailure {
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

/** What the login page says when sign-in fails; one message for unknown user and wrong password alike. */
export function loginFailureMessage(outcome: Exclude<LoginOutcome, { ok: true }>): LoginFailure {
  switch (outcome.reason) {
    case 'refused':
      return { status: outcome.status, message: outcome.message };
    case 'missing':
      return { status: 400, message: 'Enter your username or email and your password.' };
    case 'invalid':
      return { status: 401, message: 'Invalid username or password.' };
    case 'unverified':
      return { status: 403, message: 'Confirm your email address first: follow the link we sent you, then sign in.' };
    case 'locked': {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
      return {
        status: 429,
        message: `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
        retryAfterSeconds: outcome.retryAfterSeconds,
      };
    }
  }
}
