import { DiscoveryRegistry } from './discovery.registry';

describe('DiscoveryRegistry', () => {
  it('merges lists from several modules without duplicates, in the order contributed', () => {
    const registry = new DiscoveryRegistry();
    registry.contribute({ grant_types_supported: ['authorization_code'], response_types_supported: ['code'] });
    registry.contribute({ grant_types_supported: ['refresh_token', 'authorization_code'] });
    expect(registry.contributions()).toEqual({
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
    });
  });

  it('accepts the same single value twice, and refuses two different ones', () => {
    const registry = new DiscoveryRegistry();
    registry.contribute({ token_endpoint: '/oauth2/token', claims_parameter_supported: true });
    registry.contribute({ token_endpoint: '/oauth2/token' });
    expect(() => registry.contribute({ token_endpoint: '/token' })).toThrow(/token_endpoint is contributed twice/);
    expect(() => registry.contribute({ claims_parameter_supported: false })).toThrow(/claims_parameter_supported/);
  });

  it('hands out copies, so a caller cannot change what was contributed', () => {
    const registry = new DiscoveryRegistry();
    registry.contribute({ grant_types_supported: ['authorization_code'] });
    registry.contributions().grant_types_supported!.push('implicit');
    expect(registry.contributions().grant_types_supported).toEqual(['authorization_code']);
  });

  it('changes its version with every contribution', () => {
    const registry = new DiscoveryRegistry();
    const before = registry.version;
    registry.contribute({ userinfo_endpoint: '/oauth2/userinfo' });
    expect(registry.version).toBeGreaterThan(before);
  });
});
