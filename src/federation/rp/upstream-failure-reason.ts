import * as oidc from 'openid-client';
import type { UpstreamLoginFailureReason } from '../login/upstream-login-failure';

/**
 * What an error of openid-client means for the user: the provider answered the authorization
 * request with an error (RFC 6749 §4.1.2.1), could not be reached (fetch failed, or timed
 * out), or answered something that failed a check.
 */
export function upstreamFailureReason(
  error: unknown,
): Extract<UpstreamLoginFailureReason, 'denied' | 'unreachable' | 'rejected'> {
  if (error instanceof oidc.AuthorizationResponseError) return 'denied';
  if (isUnreachable(error)) return 'unreachable';
  return 'rejected';
}

function isUnreachable(error: unknown): boolean {
  // undici reports connection failures as TypeError('fetch failed'); openid-client passes them on.
  if (error instanceof TypeError && error.message === 'fetch failed') return true;
  return error instanceof oidc.ClientError && (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT');
}
