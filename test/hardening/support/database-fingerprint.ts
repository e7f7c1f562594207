import type { DataSource } from 'typeorm';

/**
 * The rows a refused request may still write, on purpose: the record of the refusal itself.
 * Each is a condition on the rows of its table.
 */
const REFUSAL_RECORDS: Record<string, string> = {
  // Failed client authentication, failed sign-in, lockout.
  audit_events: `type LIKE 'security.%'`,
  // Failure counters behind lockout and backoff.
  login_attempts: 'true',
  // Request counters of the rate limits.
  rate_limits: 'true',
};

/** Per table of the public schema: how many rows, and a digest of them all. */
export type DatabaseFingerprint = Record<string, string>;

/**
 * Every table but the records of refusals, in one statement so that taking one around each
 * request stays cheap.
 */
export async function databaseFingerprint(db: DataSource): Promise<DatabaseFingerprint> {
  const tables: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const parts = tables.map(
    ({ tablename: name }) =>
      `SELECT '${name}' AS name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS print
         FROM "${name}" t WHERE NOT (${REFUSAL_RECORDS[name] ?? 'false'})`,
  );
  const rows: { name: string; print: string }[] = await db.query(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}
