import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { recordingPgDriver } from './database-pool';
import { preparedQuery } from './prepared-statement';

type Query = string | { name: string; text: string; values: unknown[] };

function dataSource(answer: (query: Query) => unknown) {
  const sent: Query[] = [];
  const query = jest.fn(async (config: Query) => {
    sent.push(config);
    const result = answer(config);
    if (result instanceof Error) throw result;
    return { rows: result };
  });
  // The pool a DataSource made with dataSourceOptions() connects through, its query stubbed.
  const driver = recordingPgDriver();
  new driver.Pool().query = query as never;
  return { db: { options: { type: 'postgres', driver } } as unknown as DataSource, sent };
}

const pgError = (code: string) => Object.assign(new Error(`error ${code}`), { code });

describe('preparedQuery', () => {
  it('sends the statement by name, with its text and values, and returns the rows', async () => {
    const { db, sent } = dataSource(() => [{ id: 1 }]);
    await expect(preparedQuery(db, 'lookup', 'SELECT $1::int AS id', [1])).resolves.toEqual([{ id: 1 }]);
    expect(sent).toEqual([{ name: 'lookup', text: 'SELECT $1::int AS id', values: [1] }]);
  });

  it('reports errors as DataSource.query does, wrapped in a QueryFailedError', async () => {
    const { db } = dataSource(() => pgError('23505'));
    const failure = preparedQuery(db, 'insert', 'INSERT INTO t VALUES ($1)', ['x']);
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ driverError: { code: '23505' } });
  });

  it('falls back to unnamed statements for good behind a pooler that loses prepared ones', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { db, sent } = dataSource((q) => (typeof q === 'string' ? [{ ok: true }] : pgError('26000')));
    await expect(preparedQuery(db, 'lookup', 'SELECT true AS ok', [])).resolves.toEqual([{ ok: true }]);
    await expect(preparedQuery(db, 'lookup', 'SELECT true AS ok', [])).resolves.toEqual([{ ok: true }]);
    expect(sent.map((q) => (typeof q === 'string' ? 'unnamed' : 'named'))).toEqual(['named', 'unnamed', 'unnamed']);
  });
});
