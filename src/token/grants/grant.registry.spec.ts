import type { GrantHandler } from './grant-handler';
import { GrantRegistry } from './grant.registry';

const handler = (grantType: string) => ({ grantType, parameters: [], handle: jest.fn() }) as GrantHandler;

describe('GrantRegistry', () => {
  it('finds each grant by its grant_type and lists them all', () => {
    const registry = new GrantRegistry([handler('password'), handler('client_credentials')]);
    expect(registry.get('password')?.grantType).toBe('password');
    expect(registry.get('implicit')).toBeUndefined();
    expect(registry.grantTypes()).toEqual(['password', 'client_credentials']);
  });

  it('refuses two handlers for one grant type', () => {
    expect(() => new GrantRegistry([handler('password'), handler('password')])).toThrow(/registered twice/);
  });
});
