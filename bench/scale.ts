import { existsSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freshDatabase, type BenchDatabase } from './database';
import { basicAuth, form, FORM, json } from './http-exchange';
import { describeMachine, machineLine } from './machine';
import type { BenchOptions } from './options';
import { loadAverage, rssBytes } from './process-stats';
import { markdownTable, textTable, writeReport } from './report';
import { ROOT, startOurServer } from './servers';
import { Tally } from './tally';
import { provisionOurServer, type Target } from './targets';

interface IntrospectionAtScale {
  storedTokens: number;
  rate: number;
  p50: number;
  p99: number;
  failures: number;
  runs: { rate: number; p50: number; p99: number; failures: number }[];
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

/** Token values are `scale-<n>`: every stored row is the SHA-256 (hex) of one, as the server stores them. */
const tokenValue = (n: number) => `scale-${n}`;

async function bulkLoad(
  db: BenchDatabase,
  clientId: string,
  from: number,
  to: number,
  prefix: string,
  expires: string,
) {
  // In slices, so that no single statement holds a huge transaction.
  for (let start = from; start <= to; start += 250_000) {
    const end = Math.min(to, start + 249_999);
    await db.query(
      `INSERT INTO tokens (token_hash, kind, client_id, scope, expires_at)
       SELECT encode(sha256(convert_to($1 || g, 'UTF8')), 'hex'), 'access_token', $2, '{api}', ${expires}
         FROM generate_series($3::int, $4::int) AS g`,
      [prefix, clientId, start, end],
    );
  }
  await db.query('VACUUM ANALYZE tokens');
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

async function measureIntrospection(
  target: Target,
  storedTokens: number,
  options: BenchOptions,
  log: (m: string) => void,
) {
  if (options.warmup > 0)
    await introspectionRun(target, storedTokens, options.warmup, options.connections, new Tally());
  const runs = [];
  for (let i = 0; i < options.runs; i++) {
    const tally = new Tally();
    const result = await introspectionRun(target, storedTokens, options.duration, options.connections, tally);
    const failures = tally.failures + result.errors + result.timeouts;
    const run = {
      rate: Math.round(result.requests.total / result.duration),
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures,
    };
    log(
      `  run ${i + 1}: ${run.rate} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms${failures ? `, FAILED: ${tally.failureSamples.join(' | ')}` : ''}`,
    );
    runs.push(run);
  }
  const clean = runs.filter((r) => r.failures === 0).sort((a, b) => a.rate - b.rate);
  const median = clean[Math.floor((clean.length - 1) / 2)] ?? { rate: NaN, p50: NaN, p99: NaN, failures: -1 };
  return { storedTokens, ...median, runs } satisfies IntrospectionAtScale;
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
  const date = new Date().toISOString();
  const server = await startOurServer({ databaseUrl: db.url, logLevel: options.logLevel });
  try {
    log(`Database: ${db.description}`);
    const target = await provisionOurServer(server, server);
    const clientId = target.fixtures.ccOpaque.clientId;
    const sizes = [...options.scaleSizes].sort((a, b) => a - b);
    const introspection: IntrospectionAtScale[] = [];
    let loaded = 0;
    let maxRssMb = 0;
    for (const size of sizes) {
      const t0 = performance.now();
      await bulkLoad(db, clientId, loaded + 1, size, 'scale-', `now() + interval '1 day'`);
      log(
        `Loaded ${size.toLocaleString('en-US')} tokens (${((performance.now() - t0) / 1000).toFixed(1)} s); introspecting random ones`,
      );
      loaded = size;
      introspection.push(await measureIntrospection(target, size, options, log));
      maxRssMb = Math.max(maxRssMb, rssBytes(server.pid) / 1024 / 1024);
    }

    await bulkLoad(db, clientId, 1, options.scaleExpired, 'expired-', `now() - interval '1 hour'`);
    log(`Added ${options.scaleExpired.toLocaleString('en-US')} expired tokens; running the cleanup job`);
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

    const first = introspection[0];
    const last = introspection[introspection.length - 1];
    const p99Ratio = last.p99 / first.p99;
    const rows = [
      ['stored tokens', 'introspection /s', 'p50 ms', 'p99 ms', 'p99 vs smallest'],
      ...introspection.map((m) => [
        m.storedTokens.toLocaleString('en-US'),
        Number.isNaN(m.rate) ? 'FAILED' : m.rate.toLocaleString('en-US'),
        String(m.p50),
        String(m.p99),
        `${(m.p99 / first.p99).toFixed(2)}×`,
      ]),
    ];
    const summary =
      `Cleanup: ${cleanup.how} deleted ${cleanup.deleted.toLocaleString('en-US')} expired tokens in ${cleanup.seconds} s ` +
      `(${cleanup.rowsPerSecond.toLocaleString('en-US')} rows/s) next to ${cleanup.liveRows.toLocaleString('en-US')} live ones` +
      `${cleanup.liveRowsKept ? '' : ' (LIVE ROWS WERE DELETED)'}. p99 at the largest size is ${p99Ratio.toFixed(2)}× ` +
      `the smallest (goal ≤ 1.5×): ${p99Ratio <= 1.5 ? 'met' : 'MISSED'}. Server RSS max ${maxRssMb.toFixed(0)} MB.`;
    const markdown = [
      `# Scale benchmark ${date}`,
      '',
      `- Machine: ${machineLine(machine)}`,
      `- Database: ${db.description}; tokens bulk-loaded with INSERT … SELECT generate_series, then VACUUM ANALYZE`,
      `- Load: autocannon, ${options.connections} connections, a random stored token per request, median of ${options.runs} runs of ${options.duration} s`,
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
    await server.stop();
    await db.close();
  }
}
