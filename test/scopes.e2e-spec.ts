import { ClientsService } from '../src/clients/clients.service';
import { ScopesErrorCode } from '../src/scopes/scopes.error';
import { ScopesService } from '../src/scopes/scopes.service';
import { startTestApp, TestApp } from './support/test-app';
import { basicAuth, createClient, postToken } from './support/token-requests';

describe('scopes', () => {
  let t: TestApp;
  let scopes: ScopesService;

  beforeAll(async () => {
    t = await startTestApp();
    scopes = t.app.get(ScopesService);
  });
  afterAll(() => t.close());

  it('has the standard OpenID Connect scopes with the claims of OIDC Core §5.4', async () => {
    const all = Object.fromEntries((await scopes.findAll()).map((s) => [s.name, s.claims]));
    expect(all).toEqual({
      address: ['address'],
      // Seeded by the admin migration: client_credentials tokens with it open the admin API.
      admin: [],
      email: ['email', 'email_verified'],
      // Seeded by the groups-and-roles migration (issue #22).
      groups: ['groups'],
      offline_access: [],
      openid: ['sub'],
      phone: ['phone_number', 'phone_number_verified'],
      profile: [
        'name',
        'given_name',
        'family_name',
        'middle_name',
        'nickname',
        'preferred_username',
        'profile',
        'picture',
        'website',
        'gender',
        'birthdate',
        'zoneinfo',
        'locale',
        'updated_at',
      ],
      roles: ['roles'],
    });
  });

  it('finds scopes by name, leaving unknown names out', async () => {
    const found = await scopes.findByNames(['email', 'openid', 'nope', 'email']);
    expect(found.map((s) => s.name)).toEqual(['email', 'openid']);
    expect(await scopes.findByNames([])).toEqual([]);
  });

  it('releases the union of the claims of the requested scopes', async () => {
    expect(await scopes.claimsFor(['openid', 'email', 'phone', 'unknown'])).toEqual(
      new Set(['sub', 'email', 'email_verified', 'phone_number', 'phone_number_verified']),
    );
  });

  it('creates, updates and deletes a scope, and the cached catalogue follows at once', async () => {
    await scopes.findAll(); // warm the cache
    await scopes.create({ name: 'api:read', description: 'Read the API', claims: ['https://example.com/roles'] });
    expect((await scopes.findAll()).map((s) => s.name)).toContain('api:read');
    await scopes.update('api:read', { claims: ['https://example.com/groups'] });
    expect(await scopes.claimsFor(['api:read'])).toEqual(new Set(['https://example.com/groups']));
    await scopes.delete('api:read');
    expect((await scopes.findAll()).map((s) => s.name)).not.toContain('api:read');
    const rows = await t.dataSource.query(`SELECT 1 FROM scopes WHERE name = 'api:read'`);
    expect(rows).toHaveLength(0);
  });

  it('grants a scope created by another process (the CLI, another replica) at once, not after the cache expires', async () => {
    const client = await createClient(t, { grantTypes: ['client_credentials'], allowedScopes: ['orders:read'] });
    const ask = () =>
      postToken(
        t,
        { grant_type: 'client_credentials', scope: 'orders:read' },
        { authorization: basicAuth(client.clientId, client.clientSecret) },
      );
    const before = await ask();
    expect([before.status, before.body.error]).toEqual([400, 'invalid_scope']);
    // As `cli scopes create` does, from its own process: this one's cache is not told.
    await t.dataSource.query(
      `INSERT INTO scopes (name, description, claims) VALUES ('orders:read', 'Read orders', '{}')`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = await ask();
    expect([after.status, after.body.scope]).toEqual([200, 'orders:read']);
  });

  it('refuses a duplicate or malformed scope', async () => {
    await expect(scopes.create({ name: 'email', description: 'again' })).rejects.toMatchObject({
      code: ScopesErrorCode.ScopeExists,
    });
    await expect(scopes.create({ name: 'two words', description: 'x' })).rejects.toMatchObject({
      code: ScopesErrorCode.InvalidScope,
    });
  });

  it('refuses to delete a scope while a client may ask for it, naming the client', async () => {
    await scopes.create({ name: 'orders', description: 'Your orders' });
    await t.app.get(ClientsService).create({
      clientId: 'shop',
      clientName: 'Shop',
      redirectUris: ['https://shop.example.com/cb'],
      allowedScopes: ['openid', 'orders'],
    });
    await expect(scopes.delete('orders')).rejects.toMatchObject({
      code: ScopesErrorCode.ScopeInUse,
      message: expect.stringContaining('shop'),
    });
    expect(await t.dataSource.query(`SELECT 1 FROM scopes WHERE name = 'orders'`)).toHaveLength(1);

    await t.app.get(ClientsService).update('shop', { allowedScopes: ['openid'] });
    await scopes.delete('orders');
    expect(await t.dataSource.query(`SELECT 1 FROM scopes WHERE name = 'orders'`)).toHaveLength(0);
  });

  it('refuses to delete openid, and reports an unknown scope', async () => {
    await expect(scopes.delete('openid')).rejects.toMatchObject({ code: ScopesErrorCode.ScopeProtected });
    await expect(scopes.delete('nope')).rejects.toMatchObject({ code: ScopesErrorCode.ScopeNotFound });
    await expect(scopes.update('nope', { description: 'x' })).rejects.toMatchObject({
      code: ScopesErrorCode.ScopeNotFound,
    });
  });
});
