import { existsSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { bufferCounters, bufferUse, timeBlockReads, type BufferUse } from './buffer-stats';
import { freshDatabase, type BenchDatabase } from './database';
import { basicAuth, form, FORM, json } from './http-exchange';
import { describeMachine, machineLine } from './machine';
import type { BenchOptions } from './options';
import { cpuSeconds, loadAverage, RssSampler, treeCpuSeconds } from './process-stats';
import { markdownTable, textTable, writeReport } from './report';
import { bulkLoad, prewarm, tokenValue, workingSet, type WorkingSet } from './scale-tokens';
import { ROOT, startOurServer } from './servers';
import { Tally } from './tally';
import { provisionOurServer, type Target } from './targets';

interface IntrospectionRun {
  rate: number;
  p50: number;
  p99: number;
  failures: number;
  /** Server CPU time per request, ms: unlike the rate, hardly moved by other work on the machine. */
  cpuMsPerRequest: number;
  /** Postgres CPU time per request, ms; only when the bench started Postgres itself. */
  dbCpuMsPerRequest?: number;
}

interface IntrospectionAtScale extends IntrospectionRun {
  storedTokens: number;
  runs: IntrospectionRun[];
  /** The tokens table and its primary key at this size, and shared_buffers. */
  workingSet: WorkingSet;
  /** Whether pg_prewarm read them into memory before the warm-up. */
  prewarmed: boolean;
  /** Over the measured runs: blocks found in shared_buffers, blocks read from outside it, per request. */
  buffers: BufferUse;
  /** 1-minute load average of the machine after the measured runs: above the number of cores, work waits for a CPU. */
  loadAverage: number;
}

interface CleanupMeasurement {
  how: string;
  expiredRows: number;
  liveRows: number;
  deleted: number;
  seconds: number;
  rowsPerSecond: number;
  liveRowsKept: boolean;
}

async function introspectionRun(
  target: Target,
  storedTokens: number,
  seconds: number,
  connections: number,
  tally: Tally,
) {
  const { resourceServer, ccOpaque } = target.fixtures;
  return new Promise<autocannon.Result>((ok, fail) =>
    autocannon(
      {
        url: target.server.url,
        connections,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: target.paths.introspect,
            headers: {
              'content-type': FORM,
              authorization: basicAuth(resourceServer.clientId, resourceServer.clientSecret),
            },
            // A random stored token each time: the worst case for caches.
            setupRequest: (request) => ({
              ...request,
              body: form({ token: tokenValue(1 + Math.floor(Math.random() * storedTokens)) }),
            }),
            onResponse: (status, body) => {
              const answer = json(body);
              if (status === 200 && answer?.active === true && answer.client_id === ccOpaque.clientId) tally.pass();
              else tally.fail(`${status} ${body.slice(0, 120)}`);
            },
          },
        ],
      },
      (error, result) => (error ? fail(error) : ok(result)),
    ),
  );
}

interface Measured {
  db: BenchDatabase;
  target: Target;
  /** Whether block reads are timed (track_io_timing in the server's sessions). */
  readsTimed: boolean;
}

async function measureIntrospection(
  { db, target, readsTimed }: Measured,
  storedTokens: number,
  options: BenchOptions,
  log: (m: string) => void,
): Promise<IntrospectionAtScale> {
  const set = await workingSet(db);
  const prewarmed = await prewarm(db);
  if (options.warmup > 0)
    await introspectionRun(target, storedTokens, options.warmup, options.connections, new Tally());
  const { pid } = target.server;
  const buffersBefore = await bufferCounters(db);
  const runs: IntrospectionRun[] = [];
  let requests = 0;
  for (let i = 0; i < options.runs; i++) {
    const tally = new Tally();
    const cpuBefore = cpuSeconds(pid);
    const dbBefore = db.postmasterPid ? treeCpuSeconds(db.postmasterPid) : 0;
    const result = await introspectionRun(target, storedTokens, options.duration, options.connections, tally);
    const failures = tally.failures + result.errors + result.timeouts;
    const perRequest = (seconds: number) => Number(((seconds * 1000) / result.requests.total).toFixed(3));
    const run: IntrospectionRun = {
      rate: Math.round(result.requests.total / result.duration),
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures,
      cpuMsPerRequest: perRequest(cpuSeconds(pid) - cpuBefore),
      ...(db.postmasterPid ? { dbCpuMsPerRequest: perRequest(treeCpuSeconds(db.postmasterPid) - dbBefore) } : {}),
    };
    requests += result.requests.total;
    log(
      `  run ${i + 1}: ${run.rate} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.cpuMsPerRequest} ms CPU/request` +
        `${failures ? `, FAILED: ${tally.failureSamples.join(' | ')}` : ''}`,
    );
    runs.push(run);
  }
  const buffers = bufferUse(buffersBefore, await bufferCounters(db), requests, readsTimed);
  log(
    `  tokens table ${set.tableMb} MB, primary key ${set.primaryKeyMb} MB, shared_buffers ${set.sharedBuffers}` +
      `${prewarmed ? ' (both read by pg_prewarm first)' : ''}; per request ${buffers.hitsPerRequest} blocks from ` +
      `shared_buffers, ${buffers.readsPerRequest} read from outside` +
      `${buffers.microsPerRead === null ? '' : ` (${buffers.microsPerRead} µs each)`}`,
  );
  const clean = runs.filter((r) => r.failures === 0).sort((a, b) => a.rate - b.rate);
  const median = clean[Math.floor((clean.length - 1) / 2)] ?? {
    rate: NaN,
    p50: NaN,
    p99: NaN,
    failures: -1,
    cpuMsPerRequest: NaN,
  };
  return {
    storedTokens,
    ...median,
    runs,
    workingSet: set,
    prewarmed,
    buffers,
    loadAverage: loadAverage()[0],
  };
}

interface CleanupServiceLike {
  runOnce(): Promise<Record<string, number>>;
}

/**
 * The server's own cleanup job (src/cleanup/cleanup.service.ts, as built in dist/) on the
 * benchmark database; when it is not there, the batched DELETE it runs, timed by hand.
 */
async function runCleanup(db: BenchDatabase): Promise<{ how: string; deleted: number; seconds: number }> {
  const servicePath = join(ROOT, 'dist', 'src', 'cleanup', 'cleanup.service.js');
  const started = performance.now();
  if (existsSync(servicePath)) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { CleanupService } = require(servicePath) as {
      CleanupService: new (...args: unknown[]) => CleanupServiceLike;
    };
    const { dataSourceOptions } = require(join(ROOT, 'dist', 'src', 'database', 'data-source-options.js')) as {
      dataSourceOptions(url: string, pool: number): object;
    };
    const { DataSource } = require('typeorm') as {
      DataSource: new (o: object) => { initialize(): Promise<{ destroy(): Promise<void> }> };
    };
    // Its "Deleted … rows" line would land in the middle of the report.
    (require('@nestjs/common') as { Logger: { overrideLogger(levels: string[]): void } }).Logger.overrideLogger([
      'error',
    ]);
    /* eslint-enable @typescript-eslint/no-require-imports */
    const dataSource = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    try {
      const service = new CleanupService(dataSource, { rowsPurged: () => undefined });
      const t0 = performance.now();
      const report = await service.runOnce();
      return {
        how: 'CleanupService.runOnce (dist/src/cleanup)',
        deleted: report.tokens ?? 0,
        seconds: (performance.now() - t0) / 1000,
      };
    } finally {
      await dataSource.destroy();
    }
  }
  let deleted = 0;
  for (;;) {
    const rows = await db.query<{ n: number }>(
      `WITH gone AS (DELETE FROM tokens WHERE ctid IN (SELECT ctid FROM tokens WHERE expires_at < now() LIMIT 5000) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
    );
    deleted += rows[0].n;
    if (rows[0].n < 5000) break;
  }
  return {
    how: 'batched DELETE of 5000 expired tokens (no CleanupService in dist/)',
    deleted,
    seconds: (performance.now() - started) / 1000,
  };
}

/** `npm run bench:scale`: introspection latency as the tokens table grows, and the cleanup job's speed. */
export async function runScale(options: BenchOptions, log: (msg: string) => void): Promise<void> {
  const machine = describeMachine();
  log(`Machine: ${machineLine(machine)}`);
  const db = await freshDatabase(() => undefined);
  const readsTimed = await timeBlockReads(db);
  const date = new Date().toISOString();
  const server = await startOurServer({ databaseUrl: db.url, logLevel: options.logLevel });
  // Sampled all along, under load as while loading and cleaning up.
  const rss = new RssSampler(server.pid);
  try {
    log(`Database: ${db.description}`);
    const target = await provisionOurServer(server, server);
    const clientId = target.fixtures.ccOpaque.clientId;
    const sizes = [...options.scaleSizes].sort((a, b) => a - b);
    const introspection: IntrospectionAtScale[] = [];
    let loaded = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      const steps = await bulkLoad(db, clientId, loaded + 1, size, 'scale-', `now() + interval '1 day'`);
      log(
        `Loaded ${size.toLocaleString('en-US')} tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s (${steps}); introspecting random ones`,
      );
      loaded = size;
      introspection.push(await measureIntrospection({ db, target, readsTimed }, size, options, log));
    }

    const t0 = performance.now();
    const steps = await bulkLoad(db, clientId, 1, options.scaleExpired, 'expired-', `now() - interval '1 hour'`);
    log(
      `Added ${options.scaleExpired.toLocaleString('en-US')} expired tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s (${steps}); running the cleanup job`,
    );
    const { how, deleted, seconds } = await runCleanup(db);
    const [{ n: left }] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM tokens WHERE expires_at >= now()',
    );
    const cleanup: CleanupMeasurement = {
      how,
      expiredRows: options.scaleExpired,
      liveRows: loaded,
      deleted,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(deleted / seconds),
      // The server issued a few tokens of its own while setting up.
      liveRowsKept: left >= loaded,
    };
    machine.loadAfter = loadAverage();
    const maxRssMb = rss.stop() / 1024 / 1024;

    const first = introspection[0];
    const last = introspection[introspection.length - 1];
    const p99Ratio = last.p99 / first.p99;
    const withDbCpu = db.postmasterPid !== undefined;
    const rows = [
      [
        'stored tokens',
        'introspection /s',
        'p50 ms',
        'p99 ms',
        'p99 vs smallest',
        'server CPU ms/req',
        ...(withDbCpu ? ['Postgres CPU ms/req'] : []),
        'table + PK MB',
        'blocks read outside shared_buffers /req',
        'load avg',
      ],
      ...introspection.map((m) => [
        m.storedTokens.toLocaleString('en-US'),
        Number.isNaN(m.rate) ? 'FAILED' : m.rate.toLocaleString('en-US'),
        String(m.p50),
        String(m.p99),
        `${(m.p99 / first.p99).toFixed(2)}×`,
        m.cpuMsPerRequest.toFixed(3),
        ...(withDbCpu ? [m.dbCpuMsPerRequest?.toFixed(3) ?? '?'] : []),
        `${m.workingSet.tableMb.toLocaleString('en-US')} + ${m.workingSet.primaryKeyMb.toLocaleString('en-US')}`,
        `${m.buffers.readsPerRequest}${m.buffers.microsPerRead === null ? '' : ` (${m.buffers.microsPerRead} µs each)`}`,
        m.loadAverage.toFixed(1),
      ]),
    ];
    const busiest = Math.max(...introspection.map((m) => m.loadAverage));
    const busyNote =
      busiest > machine.cores
        ? ` The machine was busy (load average up to ${busiest.toFixed(1)} on ${machine.cores} cores): rates and ` +
          'latencies include time spent waiting for a CPU; the CPU and block columns do not.'
        : '';
    const summary =
      `Cleanup: ${cleanup.how} deleted ${cleanup.deleted.toLocaleString('en-US')} expired tokens in ${cleanup.seconds} s ` +
      `(${cleanup.rowsPerSecond.toLocaleString('en-US')} rows/s) next to ${cleanup.liveRows.toLocaleString('en-US')} live ones` +
      `${cleanup.liveRowsKept ? '' : ' (LIVE ROWS WERE DELETED)'}. p99 at the largest size is ${p99Ratio.toFixed(2)}× ` +
      `the smallest (goal ≤ 1.5×): ${p99Ratio <= 1.5 ? 'met' : 'MISSED'}. Server RSS max ${maxRssMb.toFixed(0)} MB ` +
      `(goal < 300 MB, sampled every 100 ms from start to end).${busyNote}`;
    const markdown = [
      `# Scale benchmark ${date}`,
      '',
      `- Machine: ${machineLine(machine)}`,
      `- Database: ${db.description}, shared_buffers ${last.workingSet.sharedBuffers}; tokens bulk-loaded with ` +
        'INSERT … SELECT generate_series (indexes and foreign keys dropped and made again when a load more than doubles the table), ' +
        'VACUUM ANALYZE, CHECKPOINT' +
        `${introspection.every((m) => m.prewarmed) ? '; table and primary key read by pg_prewarm before the warm-up' : ''}`,
      `- Load: autocannon, ${options.connections} connections, a random stored token per request, ` +
        `${options.warmup} s warm-up, median of ${options.runs} runs of ${options.duration} s; ` +
        "load avg: the machine's 1-minute load average after the runs",
      '',
      markdownTable(rows),
      '',
      summary,
      '',
    ].join('\n');
    const report = {
      kind: 'scale',
      date,
      machine,
      database: db.description,
      settings: options,
      introspection,
      cleanup,
      maxRssMb,
      p99Ratio,
    };
    const files = writeReport(
      options.reference ? 'reference.scale' : `${date.replace(/[:.]/g, '-')}-scale`,
      report,
      markdown,
    );
    console.log(`\n${textTable(rows)}\n\n${summary}\n`);
    log(`Results: ${files.join(', ')}`);
    if (introspection.some((m) => Number.isNaN(m.rate)) || !cleanup.liveRowsKept) process.exitCode = 1;
  } finally {
    rss.stop();
    await server.stop();
    await db.close();
  }
}
