import { OAuthError } from '../../common/errors/oauth-error';

/** The code was answered (in another tab, say) or has expired since the user entered it. */
export function codeNoLongerPending(): OAuthError {
  return new OAuthError(
    'invalid_request',
    'This code has expired or was already used. Start again on your device to get a new code.',
  );
}
