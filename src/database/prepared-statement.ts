import { Logger } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';
import { poolOf } from './database-pool';

/**
 * SQLSTATEs a connection pooler that does not keep prepared statements across transactions
 * causes (PgBouncer in transaction mode before 1.21, or without max_prepared_statements): the
 * statement is missing on the server connection it got, or there already under that name.
 * Neither runs anything, so the statement can be sent again unnamed.
 */
const NOT_PREPARABLE = new Set(['26000', '42P05']);

let unnamedOnly = false;

/**
 * Runs a statement of a hot path as a named prepared statement on the DataSource's own pool:
 * Postgres parses and plans it once per pooled connection instead of on every call, as it does
 * for DataSource.query's unnamed statements. For the token lookups, whose plans join three or
 * four tables, planning was most of the database's work: prepared, pgbench runs the access
 * token lookup 4-5× faster (docs/performance.md). Returns the rows (also of an UPDATE …
 * RETURNING); errors are TypeORM's QueryFailedError, as from DataSource.query. Behind a pooler
 * that cannot keep prepared statements it falls back to unnamed ones, for good.
 *
 * Postgres keeps one generic plan per connection, made without the values: use it where no value
 * can make another plan better, as for a primary-key lookup, and not where an equality on another
 * indexed column can look as selective as the key (see refresh-token.store.ts). Autovacuum's
 * ANALYZE replaces the plans as tables grow.
 *
 * `name` must always come with the same `text`: Postgres keys the prepared statement by it.
 */
export async function preparedQuery<Row extends QueryResultRow>(
  db: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = poolOf(db);
  if (!pool) throw new Error('preparedQuery needs an initialized DataSource made with dataSourceOptions()');
  try {
    if (!unnamedOnly) {
      try {
        return (await pool.query<Row>({ name, text, values })).rows;
      } catch (error) {
        if (!NOT_PREPARABLE.has((error as { code?: string }).code ?? '')) throw error;
        unnamedOnly = true;
        new Logger('Database').warn(
          'The database connection does not keep prepared statements (a pooler in transaction mode?): using unnamed ones',
        );
      }
    }
    return (await pool.query<Row>(text, values)).rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
