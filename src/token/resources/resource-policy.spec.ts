import type { AppConfig } from '../../config/app-config';
import type { TokenConfig } from '../../config/token.config';
import { ApiResourceCatalogue, type ApiResourceWithScopes } from '../../scopes/api-resources/api-resource-catalogue';
import type { ApiResourcesService } from '../../scopes/api-resources/api-resources.service';
import { TokenLifetimes } from '../issuing/token-lifetimes';
import { ResourcePolicy, type ResourceClient } from './resource-policy';

const ISSUER = 'https://op.example.com';
const ORDERS = 'https://orders.example.com/';
const BILLING = 'https://billing.example.com/';
const resource = (identifier: string, scopes: string[], settings: Partial<ApiResourceWithScopes> = {}) =>
  ({
    identifier,
    scopes,
    accessTokenFormat: null,
    accessTokenTtl: null,
    ...settings,
  }) as unknown as ApiResourceWithScopes;
const catalogue = new ApiResourceCatalogue([
  resource(ORDERS, ['orders:read', 'orders:write'], { accessTokenTtl: 300 }),
  resource(BILLING, ['billing:read'], { accessTokenFormat: 'jwt' }),
]);
const config = { issuer: ISSUER } as AppConfig;
const policy = new ResourcePolicy(
  { catalogue: async () => catalogue, freshCatalogue: async () => catalogue } as unknown as ApiResourcesService,
  new TokenLifetimes({ accessTokenTtl: 3600 } as TokenConfig),
  config,
);
const client: ResourceClient = {
  allowedScopes: ['openid', 'profile', 'orders:read', 'billing:read'],
  accessTokenFormat: 'opaque',
  accessTokenTtl: null,
};
const SCOPE = ['openid', 'profile', 'orders:read', 'billing:read'];

describe('ResourcePolicy', () => {
  it('refuses an unknown resource, and one none of whose scopes the client may ask for (invalid_target)', async () => {
    await expect(policy.requestable([ORDERS, ISSUER], client)).resolves.toEqual([ORDERS, ISSUER]);
    await expect(policy.requestable(['https://unknown.example.com/'], client)).rejects.toMatchObject({
      error: 'invalid_target',
      errorDescription: 'unknown resource: https://unknown.example.com/',
    });
    await expect(policy.requestable([BILLING], { allowedScopes: ['openid'] })).rejects.toMatchObject({
      error: 'invalid_target',
      errorDescription: `this client may not ask for tokens for ${BILLING}`,
    });
  });

  it('leaves a token for no resource as it was: this server, the whole scope', async () => {
    await expect(policy.target({ client, scope: SCOPE, requested: [], granted: [] })).resolves.toEqual({
      audience: [],
      scope: SCOPE,
    });
  });

  it("narrows the scope to the resource's, with its lifetime and format (the client's where it sets none)", async () => {
    await expect(policy.target({ client, scope: SCOPE, requested: [ORDERS] })).resolves.toEqual({
      audience: [ORDERS],
      scope: ['orders:read'],
      format: 'opaque',
      expiresIn: 300,
    });
    await expect(policy.target({ client, scope: SCOPE, requested: [ORDERS, BILLING] })).resolves.toEqual({
      audience: [ORDERS, BILLING],
      scope: ['orders:read', 'billing:read'],
      format: 'jwt',
      expiresIn: 300,
    });
  });

  it('gives this server the scopes of no resource', async () => {
    await expect(policy.target({ client, scope: SCOPE, requested: [ISSUER], granted: [ORDERS] })).resolves.toEqual({
      audience: [ISSUER],
      scope: ['openid', 'profile'],
      format: 'opaque',
      expiresIn: 3600,
    });
  });

  it('issues for every resource of the authorization by default, one of them when asked (RFC 8707 §2.2)', async () => {
    const granted = [ORDERS, BILLING];
    expect((await policy.target({ client, scope: SCOPE, requested: [], granted })).audience).toEqual(granted);
    expect((await policy.target({ client, scope: SCOPE, requested: [BILLING], granted })).audience).toEqual([BILLING]);
    await expect(
      policy.target({ client, scope: SCOPE, requested: [BILLING], granted: [ORDERS] }),
    ).rejects.toMatchObject({
      error: 'invalid_target',
      errorDescription: `resource not granted by this authorization: ${BILLING}`,
    });
  });

  it('gives a token for this server when every resource of the authorization is gone, never an error', async () => {
    await expect(
      policy.target({ client, scope: SCOPE, requested: [], granted: ['https://deleted.example.com/'] }),
    ).resolves.toMatchObject({ audience: [ISSUER], scope: ['openid', 'profile'] });
  });

  it('takes an authorization that named no resource as covering the resources of its scopes', async () => {
    const scope = ['openid', 'orders:read'];
    expect((await policy.target({ client, scope, requested: [ORDERS], granted: [] })).scope).toEqual(['orders:read']);
    await expect(policy.target({ client, scope, requested: [BILLING], granted: [] })).rejects.toMatchObject({
      error: 'invalid_target',
    });
  });

  it('drops scopes of resources not asked for at the authorization endpoint', async () => {
    await expect(policy.scopeFor([ORDERS], SCOPE)).resolves.toEqual(['openid', 'profile', 'orders:read']);
    await expect(policy.scopeFor([], SCOPE)).resolves.toEqual(SCOPE);
    await expect(policy.scopeFor([ORDERS], ['billing:read'])).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('narrows an exchanged token whenever a target is an API resource, and leaves it to other audiences alone', async () => {
    await expect(policy.exchangeTarget([ORDERS], SCOPE, client)).resolves.toMatchObject({
      audience: [ORDERS],
      scope: ['orders:read'],
      expiresIn: 300,
    });
    // Another audience beside it keeps the scopes of no resource, not another API's.
    await expect(policy.exchangeTarget(['orders-api', ORDERS], SCOPE, client)).resolves.toMatchObject({
      audience: ['orders-api', ORDERS],
      scope: ['openid', 'profile', 'orders:read'],
      expiresIn: 300,
    });
    await expect(policy.exchangeTarget(['orders-api', ORDERS], ['billing:read'], client)).rejects.toMatchObject({
      error: 'invalid_target',
    });
    await expect(policy.exchangeTarget(['orders-api'], SCOPE, client)).resolves.toEqual({
      audience: ['orders-api'],
      scope: SCOPE,
    });
    await expect(policy.exchangeTarget([ISSUER, 'orders-api'], SCOPE, client)).resolves.toEqual({
      audience: [ISSUER, 'orders-api'],
      scope: SCOPE,
    });
  });
});
