import * as oidc from 'openid-client';
import { upstreamFailureReason } from './upstream-failure-reason';

describe('upstreamFailureReason', () => {
  it('reads an error answer of the authorization endpoint as a refusal', () => {
    const answer = new URLSearchParams({ error: 'access_denied' });
    expect(upstreamFailureReason(new oidc.AuthorizationResponseError('denied', { cause: answer }))).toBe('denied');
  });

  it('reads refused connections and timeouts as an unreachable provider', () => {
    expect(upstreamFailureReason(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }))).toBe(
      'unreachable',
    );
    const timeout = Object.assign(new oidc.ClientError('operation timed out'), { code: 'OAUTH_TIMEOUT' });
    expect(upstreamFailureReason(timeout)).toBe('unreachable');
  });

  it('reads anything else as an answer that failed its checks', () => {
    expect(upstreamFailureReason(new oidc.ClientError('unexpected JWT claim value encountered'))).toBe('rejected');
    expect(upstreamFailureReason(new Error('boom'))).toBe('rejected');
  });
});
