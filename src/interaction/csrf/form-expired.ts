import { OAuthError } from '../../common/errors/oauth-error';

/** A form posted without its CSRF token changes nothing, in every flow. */
export function formExpired(): OAuthError {
  return new OAuthError(
    'invalid_request',
    'This form has expired or did not come from this site. Go back, reload the page and try again.',
    { status: 403 },
  );
}
