import type { AuthorizationRequest } from './authorization-request';
import { isExpectedUser, namesUser } from './expected-subject';

const request = (extra: Partial<AuthorizationRequest>) =>
  ({ clientId: 'c', scope: ['openid'], ...extra }) as AuthorizationRequest;

describe('the user a request names', () => {
  it('is anyone when the request names no one', () => {
    expect(isExpectedUser(request({}), 'alice')).toBe(true);
    expect(namesUser(request({ claims: { id_token: { sub: null } } }))).toBe(false);
  });

  it('is the id_token_hint sub, and a sub value or values of the claims parameter, all at once', () => {
    expect(isExpectedUser(request({ idTokenHintSub: 'bob' }), 'alice')).toBe(false);
    expect(isExpectedUser(request({ claims: { id_token: { sub: { value: 'alice' } } } }), 'alice')).toBe(true);
    expect(isExpectedUser(request({ claims: { userinfo: { sub: { values: ['bob', 'carol'] } } } }), 'alice')).toBe(
      false,
    );
    const both = request({ idTokenHintSub: 'alice', claims: { id_token: { sub: { value: 'bob' } } } });
    expect(isExpectedUser(both, 'alice')).toBe(false);
    expect(namesUser(both)).toBe(true);
  });
});
