import type { BenchDatabase } from './database';

/** Cumulative block counters of the benchmark's database (pg_stat_database). */
export interface BufferCounters {
  /** Blocks found in shared_buffers. */
  hit: number;
  /** Blocks Postgres had to ask the OS for: from its page cache or from the disk. */
  read: number;
  /** Time those reads took, ms; 0 without track_io_timing. */
  readMs: number;
}

/** Per request, between two readings: where the database found what it read, and how long a read took. */
export interface BufferUse {
  hitsPerRequest: number;
  readsPerRequest: number;
  /** Mean time of one read outside shared_buffers, µs: tens for the OS cache, hundreds or more for a disk. */
  microsPerRead: number | null;
}

/**
 * Asks Postgres to time block reads in the server's sessions (track_io_timing, a superuser
 * setting), so that a read from the OS cache can be told from one from the disk. Only
 * connections opened afterwards have it: call before starting the server. False when not allowed.
 */
export async function timeBlockReads(db: BenchDatabase): Promise<boolean> {
  try {
    const [{ name }] = await db.query<{ name: string }>('SELECT current_database() AS name');
    await db.query(`ALTER DATABASE "${name}" SET track_io_timing = on`);
    return true;
  } catch {
    return false;
  }
}

export async function bufferCounters(db: BenchDatabase): Promise<BufferCounters> {
  // A backend publishes its counters when idle, at most once a second: let the last ones land.
  await new Promise((ok) => setTimeout(ok, 1500));
  await db.query('SELECT pg_stat_clear_snapshot()');
  const [row] = await db.query<{ hit: string; read: string; read_ms: number }>(
    `SELECT blks_hit AS hit, blks_read AS read, blk_read_time AS read_ms
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { hit: Number(row.hit), read: Number(row.read), readMs: row.read_ms };
}

export function bufferUse(before: BufferCounters, after: BufferCounters, requests: number, timed: boolean): BufferUse {
  const read = after.read - before.read;
  const round = (n: number) => Number(n.toFixed(3));
  return {
    hitsPerRequest: round((after.hit - before.hit) / requests),
    readsPerRequest: round(read / requests),
    microsPerRead: timed && read > 0 ? round(((after.readMs - before.readMs) * 1000) / read) : null,
  };
}
