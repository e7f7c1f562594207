import { GrantTypeCatalogue } from '../../clients/grant-type-catalogue';
import { AuthorizationConfig } from '../../config/authorization.config';
import type { GrantHandler } from './grant-handler';
import { GRANT_TYPES } from './grant-types';
import { GrantRegistry } from './grant.registry';

const handler = (grantType: string) => ({ grantType, parameters: [], handle: jest.fn() }) as GrantHandler;
const registry = (handlers: GrantHandler[], implicitAccessTokens = false, catalogue = new GrantTypeCatalogue()) =>
  new GrantRegistry(handlers, GRANT_TYPES, catalogue, new AuthorizationConfig(implicitAccessTokens, false));

describe('GrantRegistry', () => {
  it('finds each grant by its grant_type and lists every declared grant type', () => {
    const grants = registry([handler('password'), handler('client_credentials')]);
    expect(grants.get('password')?.grantType).toBe('password');
    expect(grants.get('implicit')).toBeUndefined();
    expect(grants.grantTypes()).toEqual(GRANT_TYPES.map((g) => g.grantType));
    expect(grants.grantTypes()).toEqual(expect.arrayContaining(['password', 'implicit', 'authorization_code']));
  });

  it('refuses two handlers for one grant type, and a handler without a declaration', () => {
    expect(() => registry([handler('password'), handler('password')])).toThrow(/registered twice/);
    expect(() => registry([handler('urn:example:magic')])).toThrow(/no declaration/);
  });

  it('hands the declarations to the clients module', () => {
    const catalogue = new GrantTypeCatalogue();
    registry([], false, catalogue);
    expect(catalogue.all()).toBe(GRANT_TYPES);
  });

  it('leaves out the response types with an access token unless IMPLICIT_ACCESS_TOKENS is on (RFC 9700 §2.1.2)', () => {
    expect(registry([]).responseTypes()).toEqual(['code', 'code id_token', 'none', 'id_token']);
    expect([...registry([], true).responseTypes()].sort()).toEqual(
      [
        'code',
        'code id_token',
        'code id_token token',
        'code token',
        'id_token',
        'id_token token',
        'none',
        'token',
      ].sort(),
    );
  });
});
