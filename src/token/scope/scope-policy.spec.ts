import type { Client } from '../../clients/client.entity';
import type { Scope } from '../../scopes/scope.entity';
import type { ScopesService } from '../../scopes/scopes.service';
import { ScopePolicy } from './scope-policy';

const scope = (name: string, claims: string[] = []) => ({ name, claims }) as Scope;
const CATALOGUE = [scope('openid', ['sub']), scope('offline_access'), scope('email', ['email']), scope('api:read')];
const client = { allowedScopes: ['openid', 'email', 'api:read'] } as Client;

describe('ScopePolicy', () => {
  const policy = new ScopePolicy({
    findAll: async () => CATALOGUE,
    findAllFresh: async () => CATALOGUE,
  } as unknown as ScopesService);

  it('grants scopes that exist and are allowed to the client', async () => {
    await expect(policy.grantable(['openid', 'api:read'], client)).resolves.toEqual(['openid', 'api:read']);
  });

  it('drops known scopes the client may not ask for (RFC 6749 §3.3 narrowing)', async () => {
    await expect(policy.grantable(['openid', 'offline_access', 'email'], client)).resolves.toEqual(['openid', 'email']);
  });

  it('refuses an unknown scope, and a request of which nothing is allowed, naming them', async () => {
    await expect(policy.grantable(['openid', 'api:write'], client)).rejects.toMatchObject({
      error: 'invalid_scope',
      errorDescription: 'unknown scope: api:write',
    });
    await expect(policy.grantable(['offline_access'], client)).rejects.toMatchObject({
      error: 'invalid_scope',
      errorDescription: 'none of the requested scopes is allowed for this client: offline_access',
    });
  });

  it('counts openid, offline_access and every scope releasing claims as needing a user', async () => {
    expect([...(await policy.userScopes())].sort()).toEqual(['email', 'offline_access', 'openid']);
  });
});
