import { TokenTypeUri, type TokenExchangePolicy } from '../../clients/token-exchange-policy';
import { assertExchangeAllowed } from './exchange-policy';
import type { TokenExchangeRequest } from './token-exchange-request';

const policy = (fields: Partial<TokenExchangePolicy> = {}): TokenExchangePolicy => ({
  allowedSubjectTokenTypes: [TokenTypeUri.AccessToken],
  allowedAudiences: ['orders-api'],
  allowImpersonation: true,
  allowDelegation: true,
  ...fields,
});
const request = (fields: Partial<TokenExchangeRequest> = {}): TokenExchangeRequest => ({
  subject: { token: 's', type: TokenTypeUri.AccessToken },
  targets: [],
  ...fields,
});
const actor = { token: 'a', type: TokenTypeUri.AccessToken };
const errorOf = (fn: () => void) => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { error: string }).error;
  }
};

describe('assertExchangeAllowed', () => {
  it('allows what the policy allows', () => {
    expect(errorOf(() => assertExchangeAllowed(policy(), request({ targets: ['orders-api'] })))).toBeUndefined();
    expect(errorOf(() => assertExchangeAllowed(policy(), request({ actor })))).toBeUndefined();
  });

  it('refuses a client without a policy, a subject type, impersonation or delegation it may not use', () => {
    expect(errorOf(() => assertExchangeAllowed(null, request()))).toBe('unauthorized_client');
    const idToken = request({ subject: { token: 's', type: TokenTypeUri.IdToken } });
    expect(errorOf(() => assertExchangeAllowed(policy(), idToken))).toBe('unauthorized_client');
    expect(errorOf(() => assertExchangeAllowed(policy({ allowImpersonation: false }), request()))).toBe(
      'unauthorized_client',
    );
    expect(errorOf(() => assertExchangeAllowed(policy({ allowDelegation: false }), request({ actor })))).toBe(
      'unauthorized_client',
    );
  });

  it('refuses a target the policy does not list with invalid_target', () => {
    expect(errorOf(() => assertExchangeAllowed(policy(), request({ targets: ['billing-api'] })))).toBe(
      'invalid_target',
    );
  });
});
