import { ApiResourceCatalogue, type ApiResourceWithScopes } from './api-resource-catalogue';

const resource = (identifier: string, scopes: string[], introspectionClientId: string | null = null) =>
  ({ identifier, scopes, introspectionClientId }) as unknown as ApiResourceWithScopes;

describe('ApiResourceCatalogue', () => {
  const orders = resource('https://orders.example.com/', ['orders:read', 'orders:write'], 'orders-api');
  const billing = resource('https://billing.example.com/', ['billing:read'], 'orders-api');
  const catalogue = new ApiResourceCatalogue([orders, billing, resource('urn:example:empty', [])]);

  it('finds a resource by identifier and by the scopes that belong to it', () => {
    expect(catalogue.find('https://orders.example.com/')).toBe(orders);
    expect(catalogue.find('https://orders.example.com')).toBeUndefined();
    expect(catalogue.resourceOf('billing:read')).toBe(billing);
    expect(catalogue.resourceOf('profile')).toBeUndefined();
  });

  it('lists the resources a client introspects for', () => {
    expect(catalogue.introspectedBy('orders-api')).toEqual([orders.identifier, billing.identifier]);
    expect(catalogue.introspectedBy('rp')).toEqual([]);
  });

  it('allows a resource to a client that may ask for one of its scopes, never one without scopes', () => {
    expect(catalogue.allows(['openid', 'orders:read'], orders)).toBe(true);
    expect(catalogue.allows(['openid', 'orders:read'], billing)).toBe(false);
    expect(catalogue.allows(['openid'], catalogue.find('urn:example:empty')!)).toBe(false);
  });
});
