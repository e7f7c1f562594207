import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryResult, QueryRunner } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { PURGE_RULES, PurgeRule } from './purge-rules';

// Any fixed 64-bit number other than the migrations': all replicas contend for the same lock.
export const CLEANUP_LOCK_KEY = 7_203_115_482_002;
/** Small enough that no DELETE holds locks or bloats WAL for long, large enough to keep up. */
const BATCH_SIZE = 5000;

/** Rows deleted per table by one round; empty when another replica held the lock. */
export type PurgeReport = Record<string, number>;

/**
 * Deletes expired rows in batches, on one connection holding a session advisory lock, so one
 * replica cleans at a time and the others skip the round instead of waiting.
 */
@Injectable()
export class CleanupService {
  private readonly logger = new Logger('Cleanup');
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async runOnce(): Promise<PurgeReport> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    let locked = false;
    try {
      const [{ acquired }] = await runner.query('SELECT pg_try_advisory_lock($1) AS acquired', [CLEANUP_LOCK_KEY]);
      locked = acquired === true;
      if (!locked) return {};
      return await this.purgeAll(runner);
    } finally {
      // Unlock before the connection returns to the pool, or the pool would hand the lock on.
      if (locked) await runner.query('SELECT pg_advisory_unlock($1)', [CLEANUP_LOCK_KEY]).catch(() => undefined);
      await runner.release();
    }
  }

  /** Ends the current round after its current batch (shutdown). */
  stop(): void {
    this.stopping = true;
  }

  private async purgeAll(runner: QueryRunner): Promise<PurgeReport> {
    const present = await this.existingTables(runner);
    const report: PurgeReport = {};
    for (const rule of PURGE_RULES) {
      if (this.stopping) break;
      if (rule.optional && !present.has(rule.table)) continue;
      const deleted = await this.purge(runner, rule);
      report[rule.table] = (report[rule.table] ?? 0) + deleted;
      this.metrics.rowsPurged(rule.table, deleted);
    }
    const total = Object.values(report).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.log({ deleted: report }, `Deleted ${total} expired rows`);
    return report;
  }

  /** Each batch is its own statement and transaction: no long lock, no huge WAL burst. */
  private async purge(runner: QueryRunner, rule: PurgeRule): Promise<number> {
    let deleted = 0;
    for (;;) {
      const sql = `DELETE FROM ${rule.table} WHERE ctid IN (SELECT t.ctid FROM ${rule.table} t WHERE ${rule.expired} LIMIT ${BATCH_SIZE})`;
      const result: QueryResult = await runner.query(sql, [], true);
      const affected = result.affected ?? 0;
      deleted += affected;
      if (affected < BATCH_SIZE || this.stopping) return deleted;
    }
  }

  /** The optional tables the schema has; a missing required table is a bug and fails the round. */
  private async existingTables(runner: QueryRunner): Promise<Set<string>> {
    const rows: { name: string }[] = await runner.query(
      `SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`,
      [PURGE_RULES.filter((r) => r.optional).map((r) => r.table)],
    );
    return new Set(rows.map((r) => r.name));
  }
}
