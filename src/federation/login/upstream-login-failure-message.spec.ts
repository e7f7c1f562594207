import type { UpstreamLoginFailureReason } from './upstream-login-failure';
import { upstreamLoginFailureMessage } from './upstream-login-failure-message';

const REASONS: UpstreamLoginFailureReason[] = [
  'unknown_state',
  'interaction_gone',
  'provider_unavailable',
  'denied',
  'unreachable',
  'rejected',
  'no_account',
  'account_disabled',
  'account_conflict',
];

describe('upstreamLoginFailureMessage', () => {
  it('gives every reason a client-error or bad-gateway status, never a 500', () => {
    for (const reason of REASONS) {
      const { status, title, message } = upstreamLoginFailureMessage(reason, 'Corp SSO');
      expect([reason, [400, 403, 409, 502].includes(status)]).toEqual([reason, true]);
      expect(title).not.toBe('');
      expect(message).not.toBe('');
    }
  });

  it('names the provider where it matters to the user', () => {
    expect(upstreamLoginFailureMessage('denied', 'Corp SSO').message).toContain('Corp SSO did not sign you in');
    expect(upstreamLoginFailureMessage('unreachable', 'Corp SSO')).toMatchObject({ status: 502 });
    expect(upstreamLoginFailureMessage('no_account', 'Corp SSO').title).toBe('No account for this identity');
  });
});
