import type { BenchDatabase } from './database';

/** Token values are `scale-<n>`: every stored row is the SHA-256 (hex) of one, as the server stores them. */
export const tokenValue = (n: number) => `scale-${n}`;

/** Rows per INSERT: no single statement holds a huge transaction, and the log shows progress. */
const SLICE = 1_000_000;

/**
 * A B-tree filled by inserts in random key order (token hashes) has leaves about 70 % full
 * (measured: 1,190 MB for the primary key of 10 million tokens inserted one slice at a time),
 * one built by sorting packs them to 90 %. The rebuilt primary key is given the shape the
 * server's own inserts would have left, so that it takes as much memory as on a real server.
 */
const RANDOM_INSERT_LEAF_FILL = 70;

/** The tokens table's indexes and foreign keys as the migrations made them, read from the catalog. */
interface TokenConstraints {
  primaryKey: { name: string; definition: string };
  /** CREATE INDEX statements. */
  indexes: string[];
  foreignKeys: { name: string; definition: string }[];
}

async function tokenConstraints(db: BenchDatabase): Promise<TokenConstraints> {
  const [primaryKey] = await db.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_indexdef(conindid) AS definition
       FROM pg_constraint WHERE conrelid = 'tokens'::regclass AND contype = 'p'`,
  );
  const indexes = await db.query<{ definition: string }>(
    `SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index
      WHERE indrelid = 'tokens'::regclass AND NOT indisprimary ORDER BY indexrelid`,
  );
  const foreignKeys = await db.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = 'tokens'::regclass AND contype = 'f' ORDER BY conname`,
  );
  return { primaryKey, indexes: indexes.map((i) => i.definition), foreignKeys };
}

async function dropConstraints(db: BenchDatabase, c: TokenConstraints) {
  for (const fk of c.foreignKeys) await db.query(`ALTER TABLE tokens DROP CONSTRAINT ${fk.name}`);
  await db.query(`ALTER TABLE tokens DROP CONSTRAINT ${c.primaryKey.name}`);
  for (const definition of c.indexes) await db.query(`DROP INDEX ${/ INDEX (\S+) ON /.exec(definition)![1]}`);
}

async function buildPrimaryKey(db: BenchDatabase, { name, definition }: TokenConstraints['primaryKey']) {
  await db.query(`${definition} WITH (fillfactor = ${RANDOM_INSERT_LEAF_FILL})`);
  await db.query(`ALTER TABLE tokens ADD CONSTRAINT ${name} PRIMARY KEY USING INDEX ${name}`);
  // The fill factor applies to the build only; later inserts split pages as usual.
  await db.query(`ALTER INDEX ${name} RESET (fillfactor)`);
}

async function insertSlices(
  db: BenchDatabase,
  clientId: string,
  from: number,
  to: number,
  prefix: string,
  expires: string,
) {
  for (let start = from; start <= to; start += SLICE) {
    const end = Math.min(to, start + SLICE - 1);
    await db.query(
      `INSERT INTO tokens (token_hash, kind, client_id, scope, expires_at)
       SELECT encode(sha256(convert_to($1 || g, 'UTF8')), 'hex'), 'access_token', $2, '{api}', ${expires}
         FROM generate_series($3::int, $4::int) AS g`,
      [prefix, clientId, start, end],
    );
  }
}

/**
 * Adds the tokens `<prefix><from>` … `<prefix><to>`; returns how long each step took. When
 * they outnumber the rows already there, the table's indexes and foreign keys are dropped first
 * and made again afterwards, as Postgres's manual advises for a bulk load ("Populating a
 * Database"): inserted into a primary key larger than shared_buffers, 10 million random keys
 * write a full-page image of nearly every leaf after each checkpoint (half a gigabyte of WAL
 * every 4 seconds), and each row's foreign key is checked by its own query; that took 7
 * minutes, against under 2 this way on the same busy machine (1 at a load average of 5). The
 * foreign keys are validated again when added back. Every write stays durable (logged, fsynced,
 * committed). Then VACUUM ANALYZE, as autovacuum would do in time, and a CHECKPOINT, so that
 * the measurement that follows does not share the disk with the load's writes.
 */
export async function bulkLoad(
  db: BenchDatabase,
  clientId: string,
  from: number,
  to: number,
  prefix: string,
  expires: string,
): Promise<string> {
  const steps: string[] = [];
  let t0 = performance.now();
  const step = (name: string) => {
    steps.push(`${name} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
  };
  const [{ n: stored }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tokens');
  const rebuild = to - from + 1 > stored ? await tokenConstraints(db) : undefined;
  if (rebuild) await dropConstraints(db, rebuild);
  await insertSlices(db, clientId, from, to, prefix, expires);
  step(rebuild ? 'insert without indexes and foreign keys' : 'insert');
  await db.query('VACUUM ANALYZE tokens');
  step('vacuum analyze');
  if (rebuild) {
    // Sorting in memory rather than in temporary files; for this session only.
    await db.query(`SET maintenance_work_mem = '1GB'`);
    await buildPrimaryKey(db, rebuild.primaryKey);
    step('primary key');
    for (const definition of rebuild.indexes) await db.query(definition);
    step(`${rebuild.indexes.length} other indexes`);
    for (const fk of rebuild.foreignKeys)
      await db.query(`ALTER TABLE tokens ADD CONSTRAINT ${fk.name} ${fk.definition}`);
    step(`${rebuild.foreignKeys.length} foreign keys`);
    await db.query('RESET maintenance_work_mem');
  }
  // Superusers and pg_checkpoint only: without it the measurement may share the disk with the flush.
  const checkpointed = await db.query('CHECKPOINT').then(
    () => true,
    () => false,
  );
  step(checkpointed ? 'checkpoint' : 'no checkpoint (not allowed)');
  return steps.join(', ');
}

/** What a lookup reads: the tokens table and its primary key; and the memory Postgres keeps pages in. */
export interface WorkingSet {
  tableMb: number;
  primaryKeyMb: number;
  sharedBuffers: string;
}

export async function workingSet(db: BenchDatabase): Promise<WorkingSet> {
  const [row] = await db.query<{ table_mb: number; pk_mb: number; shared_buffers: string }>(
    `SELECT round(pg_relation_size('tokens') / 1048576.0)::int AS table_mb,
            round(pg_relation_size(conindid) / 1048576.0)::int AS pk_mb,
            current_setting('shared_buffers') AS shared_buffers
       FROM pg_constraint WHERE conrelid = 'tokens'::regclass AND contype = 'p'`,
  );
  return { tableMb: row.table_mb, primaryKeyMb: row.pk_mb, sharedBuffers: row.shared_buffers };
}

/**
 * Reads the tokens table and its primary key once, into the OS page cache (pg_prewarm's `read`
 * mode; shared_buffers then keeps what the warm-up uses most, the upper levels of the index):
 * the measurement starts as on a server whose tokens fit in memory and are all in use, as they
 * are when every lookup picks a random one. Without it the first lookups would find whatever the
 * load left in memory, which depends on how long ago it wrote each page (the VM this was written
 * on pages out file pages left idle for about a minute). Lookups still read the index leaf and
 * the row from outside shared_buffers when these do not fit in it. False when pg_prewarm cannot
 * be installed (not a superuser).
 */
export async function prewarm(db: BenchDatabase): Promise<boolean> {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  } catch {
    return false;
  }
  await db.query(
    `SELECT pg_prewarm('tokens', 'read'), pg_prewarm(conindid::regclass, 'read')
       FROM pg_constraint WHERE conrelid = 'tokens'::regclass AND contype = 'p'`,
  );
  return true;
}
