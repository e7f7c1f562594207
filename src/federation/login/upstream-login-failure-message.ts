import type { UpstreamLoginFailureReason } from './upstream-login-failure';

export interface UpstreamLoginFailureMessage {
  status: number;
  title: string;
  message: string;
}

/** What the user reads when a sign-in through an upstream provider fails; one case per reason. */
export function upstreamLoginFailureMessage(
  reason: UpstreamLoginFailureReason,
  providerName = 'The identity provider',
): UpstreamLoginFailureMessage {
  switch (reason) {
    case 'unknown_state':
      return {
        status: 400,
        title: 'Sign-in could not be completed',
        message:
          'This sign-in was not started in this browser, has expired or was already used. Return to the application and sign in again.',
      };
    case 'interaction_gone':
      return {
        status: 400,
        title: 'Sign-in could not be completed',
        message: 'This sign-in request has expired or was already completed. Return to the application and try again.',
      };
    case 'provider_unavailable':
      return {
        status: 400,
        title: 'Sign-in option unavailable',
        message: 'This way of signing in is not available any more. Sign in another way.',
      };
    case 'denied':
      return {
        status: 403,
        title: 'Sign-in cancelled',
        message: `${providerName} did not sign you in. You can try again or sign in another way.`,
      };
    case 'unreachable':
      return {
        status: 502,
        title: 'Sign-in unavailable',
        message: `${providerName} cannot be reached right now. Try again later, or sign in another way.`,
      };
    case 'rejected':
      return {
        status: 502,
        title: 'Sign-in could not be completed',
        message: `The answer from ${providerName} could not be verified. Try again, or sign in another way.`,
      };
    case 'no_account':
      return {
        status: 403,
        title: 'No account for this identity',
        message: `There is no account here for the identity ${providerName} signed you in as. Ask an administrator for access, or sign in another way.`,
      };
    case 'account_disabled':
      return { status: 403, title: 'Account disabled', message: 'This account is disabled. Contact an administrator.' };
    case 'account_conflict':
      return {
        status: 409,
        title: 'Account could not be created',
        message: 'An account could not be created for this identity. Contact an administrator.',
      };
  }
}
