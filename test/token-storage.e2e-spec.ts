import { ScopesService } from '../src/scopes/scopes.service';
import { hashToken, newOpaqueToken } from '../src/token/opaque-token';
import { TokenStore, type NewTokenRow } from '../src/token/storage/token.store';
import { basicAuth, createClient, postToken, tokenRow, type RegisteredClient } from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

describe('token storage: concurrent responses share INSERTs', () => {
  let t: TestApp;
  let client: RegisteredClient;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(ScopesService).create({ name: 'api:read', description: 'Read the API' });
    await t.app.get(ScopesService).create({ name: 'api:write', description: 'Write the API' });
    client = await createClient(t, {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      allowedScopes: ['api:read', 'api:write'],
      defaultScopes: ['api:read', 'api:write'],
    });
  });
  afterAll(() => t.close());

  const row = (fields: Partial<NewTokenRow> = {}): NewTokenRow => ({
    tokenHash: hashToken(newOpaqueToken()),
    kind: 'access_token',
    grantId: null,
    clientId: client.clientId,
    userId: null,
    scope: ['api:read'],
    audience: [],
    dpopJkt: null,
    expiresAt: new Date(Date.now() + 60_000),
    ...fields,
  });

  it('stores the token of every one of many concurrent responses before answering', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, () =>
        postToken(
          t,
          { grant_type: 'client_credentials' },
          { authorization: basicAuth(client.clientId, client.clientSecret) },
        ),
      ),
    );
    for (const res of responses) {
      expect(res.status).toBe(200);
      const stored = await tokenRow(t, hashToken(res.body.access_token as string));
      expect(stored).toMatchObject({
        kind: 'access_token',
        client_id: client.clientId,
        scope: ['api:read', 'api:write'],
      });
    }
  });

  it('keeps empty and multi-token scopes and audiences, null ids and expiry exactly, written in one batch', async () => {
    const store = t.app.get(TokenStore);
    const expiresAt = new Date(Date.now() + 123_456);
    const audience = ['https://orders.example.com/', 'urn:example:billing'];
    const rows = [
      row({ scope: [] }),
      row({ scope: ['api:read', 'api:write'], audience, expiresAt }),
      row(),
      row(),
      row(),
    ];
    await Promise.all(rows.map((r) => store.insert([r])));
    const [empty, two] = await Promise.all(rows.slice(0, 2).map((r) => tokenRow(t, r.tokenHash)));
    expect(empty).toMatchObject({ scope: [], audience: [], grant_id: null, user_id: null });
    expect(two).toMatchObject({ scope: ['api:read', 'api:write'], audience });
    expect((two!.expires_at as Date).getTime()).toBe(expiresAt.getTime());
  });

  it('fails only the response whose rows break a constraint, not the others batched with it', async () => {
    const store = t.app.get(TokenStore);
    // The first writes take the free slots; the rest queue and go out together, the bad row among them.
    const good = Array.from({ length: 6 }, () => row());
    const bad = row({ clientId: 'deleted-meanwhile' });
    const results = await Promise.allSettled(
      [...good.slice(0, 4), bad, ...good.slice(4)].map((r) => store.insert([r])),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ driverError: { code: '23503' } });
    for (const r of good) expect(await tokenRow(t, r.tokenHash)).toBeDefined();
    expect(await tokenRow(t, bad.tokenHash)).toBeUndefined();
  });
});
