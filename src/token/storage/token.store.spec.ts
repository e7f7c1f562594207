import type { DataSource } from 'typeorm';
import { recordingPgDriver } from '../../database/database-pool';
import { TokenStore, type NewTokenRow } from './token.store';

interface SentQuery {
  name: string;
  text: string;
  values: unknown[][];
}

/** A pool whose queries finish when the test says so. */
function fakePool() {
  const sent: SentQuery[] = [];
  const finish: (() => void)[] = [];
  const query = jest.fn(
    (config: SentQuery) =>
      new Promise((resolve) => {
        sent.push(config);
        finish.push(() => resolve({ rows: [] }));
      }),
  );
  // The pool a DataSource made with dataSourceOptions() connects through, its query stubbed.
  const driver = recordingPgDriver();
  new driver.Pool().query = query as never;
  return { db: { options: { type: 'postgres', driver } } as unknown as DataSource, sent, finish };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function row(n: number, fields: Partial<NewTokenRow> = {}): NewTokenRow {
  return {
    tokenHash: `hash-${n}`,
    kind: 'access_token',
    grantId: null,
    clientId: 'client',
    userId: null,
    scope: ['api'],
    audience: [],
    expiresAt: new Date(n * 1000),
    dpopJkt: null,
    ...fields,
  };
}

describe('TokenStore', () => {
  it('sends rows as one array per column, scopes and audiences space-joined, under one statement name for any count', async () => {
    const { db, sent, finish } = fakePool();
    const store = new TokenStore(db);
    const refresh = row(2, { kind: 'refresh_token', grantId: 'g', userId: 'u', scope: ['openid', 'offline_access'] });
    const inserted = store.insert([row(1, { scope: [], audience: ['https://a.example/', 'urn:b'] }), refresh]);
    await flush();
    expect(sent).toHaveLength(1);
    expect(sent[0].name).toBe('token-insert');
    expect(sent[0].values).toEqual([
      ['hash-1', 'hash-2'],
      ['access_token', 'refresh_token'],
      [null, 'g'],
      ['client', 'client'],
      [null, 'u'],
      ['', 'openid offline_access'],
      ['https://a.example/ urn:b', ''],
      [new Date(1000), new Date(2000)],
      [null, null],
    ]);
    finish[0]();
    await expect(inserted).resolves.toBeUndefined();
  });

  it('writes the tokens of responses that arrive while the writes in flight run in one statement', async () => {
    const { db, sent, finish } = fakePool();
    const store = new TokenStore(db);
    const first = [store.insert([row(1)]), store.insert([row(2)])];
    const queued = [store.insert([row(3)]), store.insert([row(4), row(5)])];
    await flush();
    expect(sent).toHaveLength(2);
    finish[0]();
    await flush();
    expect(sent.map((q) => q.values[0])).toEqual([['hash-1'], ['hash-2'], ['hash-3', 'hash-4', 'hash-5']]);
    expect(sent.map((q) => q.name)).toEqual(['token-insert', 'token-insert', 'token-insert']);
    finish[1]();
    finish[2]();
    await Promise.all([...first, ...queued]);
  });

  it('refuses a scope that would not come back the same from being space-joined', async () => {
    const { db, sent } = fakePool();
    const store = new TokenStore(db);
    await expect(store.insert([row(1, { scope: ['a b'] })])).rejects.toThrow('space-joined');
    await expect(store.insert([row(1, { scope: [''] })])).rejects.toThrow('space-joined');
    await expect(store.insert([row(1, { audience: ['urn:a b'] })])).rejects.toThrow('space-joined');
    expect(sent).toHaveLength(0);
  });

  it('sends nothing for no rows', async () => {
    const { db, sent } = fakePool();
    await new TokenStore(db).insert([]);
    expect(sent).toHaveLength(0);
  });
});
