import { RESPONSE_TYPES } from '../../authorization/request/response-type';
import { canonicalResponseType, GRANT_TYPES, grantTypesForResponseType, RESPONSE_TYPE_NAMES } from './grant-types';

describe('grant type declarations', () => {
  it('declares every grant once, the implicit grant of the authorization endpoint included', () => {
    const names = GRANT_TYPES.map((g) => g.grantType);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['authorization_code', 'password', 'implicit', 'refresh_token']));
  });

  it('names the grant types a client must be registered for (OIDC Registration §2)', () => {
    expect(grantTypesForResponseType('code')).toEqual(['authorization_code']);
    expect(grantTypesForResponseType('id_token')).toEqual(['implicit']);
    expect(grantTypesForResponseType('token')).toEqual(['implicit']);
    expect(grantTypesForResponseType('token id_token code')).toEqual(['authorization_code', 'implicit']);
  });

  it('declares exactly the response types the authorization endpoint answers', () => {
    expect([...RESPONSE_TYPE_NAMES].sort()).toEqual([...RESPONSE_TYPES].sort());
    expect(canonicalResponseType('token code')).toBe('code token');
  });

  it('lets dynamic registration ask for neither the password grant nor an operator-configured one', () => {
    const registrable = GRANT_TYPES.filter((g) => g.registrable).map((g) => g.grantType);
    expect(registrable).not.toContain('password');
    expect(registrable).not.toContain('urn:ietf:params:oauth:grant-type:jwt-bearer');
  });
});
