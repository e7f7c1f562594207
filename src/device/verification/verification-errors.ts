import { OAuthError } from '../../common/errors/oauth-error';

/** A verification form posted without its CSRF token changes nothing. */
export function formExpired(): OAuthError {
  return new OAuthError(
    'invalid_request',
    'This form has expired or did not come from this site. Go back, reload the page and try again.',
    { status: 403 },
  );
}

/** The code was answered (in another tab, say) or has expired since the user entered it. */
export function codeNoLongerPending(): OAuthError {
  return new OAuthError(
    'invalid_request',
    'This code has expired or was already used. Start again on your device to get a new code.',
  );
}
