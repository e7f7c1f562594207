/**
 * What of a table the cleanup job (src/cleanup) may delete: rows no request can use any more.
 * The module that owns the table declares its rule beside the table's entity; the cleanup job
 * only runs the rules, in batches, under its lock.
 */
export interface PurgeRule {
  table: string;
  /** SQL condition on the table aliased `t`: true for a row that may go. */
  expired: string;
  /** Skipped when the schema does not have the table yet. */
  optional?: boolean;
}
