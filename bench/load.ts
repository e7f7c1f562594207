import autocannon from 'autocannon';
import type { BenchOptions } from './options';
import { cpuSeconds, RssSampler, treeCpuSeconds } from './process-stats';
import type { LoadPlan, Scenario } from './scenarios';
import { percentile, Tally } from './tally';
import type { Target } from './targets';

/** One measured run of one scenario against one server. */
export interface RunResult {
  ok: boolean;
  /** Seconds autocannon ran. */
  seconds: number;
  requests: number;
  /** Requests (or sign-ins) per second. */
  rate: number;
  /** Latency of a request (or of a whole sign-in), ms. */
  p50: number;
  p99: number;
  failures: number;
  failureSamples: string[];
  /** Server CPU time per request (or per sign-in), ms. */
  cpuMsPerUnit: number;
  /** Postgres CPU time per request (or sign-in), ms; only when the bench started Postgres itself. */
  dbCpuMsPerUnit?: number;
  /** Highest resident set size of the server during the run, MB. */
  maxRssMb: number;
  /** Log bytes the server wrote per request. */
  logBytesPerRequest: number;
}

/** The median run of one scenario on one server, with every run for the record. */
export interface ScenarioMeasurement {
  target: Target['name'];
  scenario: string;
  status: 'ok' | 'failed' | 'n/a';
  note?: string;
  median?: RunResult;
  runs: RunResult[];
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function runOnce(
  target: Target,
  scenario: Scenario,
  plan: LoadPlan,
  seconds: number,
  options: BenchOptions,
  postmasterPid: number | undefined,
): Promise<RunResult> {
  await plan.beforeRun?.(options.connections);
  const tally = new Tally();
  const { pid } = target.server;
  const cpuBefore = cpuSeconds(pid);
  const dbBefore = postmasterPid ? treeCpuSeconds(postmasterPid) : 0;
  const logBefore = target.server.loggedBytes();
  const rss = new RssSampler(pid);
  const result = await new Promise<autocannon.Result>((ok, fail) =>
    autocannon(
      {
        url: target.server.url,
        connections: options.connections,
        duration: seconds,
        timeout: 10,
        requests: plan.steps(tally),
      },
      (error, res) => (error ? fail(error) : ok(res)),
    ),
  );
  const maxRss = rss.stop();
  const cpu = cpuSeconds(pid) - cpuBefore;
  const dbCpu = postmasterPid ? treeCpuSeconds(postmasterPid) - dbBefore : undefined;
  const logBytes = target.server.loggedBytes() - logBefore;

  const transportErrors = result.errors + result.timeouts;
  if (transportErrors > 0) tally.fail(`${result.errors} connection errors, ${result.timeouts} timeouts`);
  const requests = result.requests.total;
  const units = scenario.unit === 'req' ? requests : tally.units;
  const sortedUnits = [...tally.unitLatencies].sort((a, b) => a - b);
  return {
    ok: tally.failures === 0 && units > 0,
    seconds: result.duration,
    requests,
    rate: round(units / result.duration, 1),
    p50: scenario.unit === 'req' ? result.latency.p50 : round(percentile(sortedUnits, 50), 1),
    p99: scenario.unit === 'req' ? result.latency.p99 : round(percentile(sortedUnits, 99), 1),
    failures: tally.failures,
    failureSamples: tally.failureSamples,
    cpuMsPerUnit: round((cpu * 1000) / Math.max(units, 1), 3),
    dbCpuMsPerUnit: dbCpu === undefined ? undefined : round((dbCpu * 1000) / Math.max(units, 1), 3),
    maxRssMb: round(maxRss / 1024 / 1024, 1),
    logBytesPerRequest: round(logBytes / Math.max(requests, 1), 1),
  };
}

/**
 * Warm-up (discarded), then `runs` measured runs. A run with any failed check is reported
 * and left out of the median; the scenario fails when no run was clean.
 */
export async function measure(
  target: Target,
  scenario: Scenario,
  options: BenchOptions,
  postmasterPid: number | undefined,
  log: (msg: string) => void,
): Promise<ScenarioMeasurement> {
  const plan = await scenario.plan(target);
  if (options.warmup > 0) {
    const warm = await runOnce(target, scenario, plan, options.warmup, options, postmasterPid);
    if (!warm.ok) log(`  warm-up had ${warm.failures} failures: ${warm.failureSamples.join(' | ')}`);
  }
  const runs: RunResult[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = await runOnce(target, scenario, plan, options.duration, options, postmasterPid);
    runs.push(run);
    log(
      `  run ${i + 1}: ${run.rate} ${scenario.unit}/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
        `cpu ${run.cpuMsPerUnit} ms/${scenario.unit}` +
        (run.dbCpuMsPerUnit === undefined ? '' : ` (Postgres ${run.dbCpuMsPerUnit} ms)`) +
        `, rss ${run.maxRssMb} MB` +
        (run.ok ? '' : `, FAILED (${run.failures}): ${run.failureSamples.join(' | ')}`),
    );
  }
  const clean = runs.filter((r) => r.ok).sort((a, b) => a.rate - b.rate);
  const median = clean[Math.floor((clean.length - 1) / 2)];
  return { target: target.name, scenario: scenario.name, status: median ? 'ok' : 'failed', median, runs };
}
