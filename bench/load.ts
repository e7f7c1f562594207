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
        ...(options.rate > 0 ? { overallRate: options.rate } : {}),
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

/** Where the server, Postgres and the load stood at one instant of a continuous load. */
interface Mark {
  at: number;
  cpu: number;
  dbCpu: number | undefined;
  logBytes: number;
  requests: number;
}

/**
 * One load that never stops, cut into consecutive windows of `windows` seconds, each reported as
 * a run. For multi-request units (sign-ins): separate loads would each start with every connection
 * at the first request and end with each one's unit cut off half-way, whose CPU counts and whose
 * unit does not (at 5 sign-ins a second, 16 unfinished sign-ins against 40 finished ones). Within
 * one load, a window ends as many units part-done as it began with, so the CPU it measures is that
 * of the units it counts.
 */
async function continuousRuns(
  target: Target,
  plan: LoadPlan,
  windows: number[],
  options: BenchOptions,
  postmasterPid: number | undefined,
): Promise<RunResult[]> {
  await plan.beforeRun?.(options.connections);
  const tally = new Tally();
  const { pid } = target.server;
  let requests = 0;
  const mark = (): Mark => ({
    at: performance.now(),
    cpu: cpuSeconds(pid),
    dbCpu: postmasterPid ? treeCpuSeconds(postmasterPid) : undefined,
    logBytes: target.server.loggedBytes(),
    requests,
  });
  const marks = [mark()];
  const cuts: { tally: Tally; maxRss: number }[] = [];
  const rss = new RssSampler(pid);
  const cut = () => {
    marks.push(mark());
    cuts.push({ tally: tally.cut(), maxRss: rss.restart() });
  };
  let elapsed = 0;
  const timers = windows.slice(0, -1).map((seconds) => setTimeout(cut, (elapsed += seconds) * 1000));
  await new Promise<void>((ok, fail) => {
    const instance = autocannon(
      {
        url: target.server.url,
        connections: options.connections,
        ...(options.rate > 0 ? { overallRate: options.rate } : {}),
        duration: windows.reduce((a, b) => a + b, 0),
        timeout: 10,
        requests: plan.steps(tally),
      },
      (error) => (error ? fail(error) : ok()),
    );
    instance.on('response', () => requests++);
    instance.on('reqError', (error: Error) => tally.fail(`connection error: ${error.message}`));
  });
  for (const timer of timers) clearTimeout(timer);
  cut();
  rss.stop();

  return cuts.map(({ tally: t, maxRss }, i) => {
    const [from, to] = [marks[i], marks[i + 1]];
    const seconds = (to.at - from.at) / 1000;
    const units = Math.max(t.units, 1);
    const latencies = [...t.unitLatencies].sort((a, b) => a - b);
    const windowRequests = to.requests - from.requests;
    return {
      ok: t.failures === 0 && t.units > 0,
      seconds: round(seconds),
      requests: windowRequests,
      rate: round(t.units / seconds, 1),
      p50: round(percentile(latencies, 50), 1),
      p99: round(percentile(latencies, 99), 1),
      failures: t.failures,
      failureSamples: t.failureSamples,
      cpuMsPerUnit: round(((to.cpu - from.cpu) * 1000) / units, 3),
      dbCpuMsPerUnit:
        from.dbCpu === undefined || to.dbCpu === undefined
          ? undefined
          : round(((to.dbCpu - from.dbCpu) * 1000) / units, 3),
      maxRssMb: round(maxRss / 1024 / 1024, 1),
      logBytesPerRequest: round((to.logBytes - from.logBytes) / Math.max(windowRequests, 1), 1),
    };
  });
}

/**
 * Warm-up (discarded), then `runs` measured runs: separate loads for single requests, windows of
 * one continuous load for multi-request units (`continuousRuns`). A run with any failed check is
 * reported and left out of the median; the scenario fails when no run was clean.
 */
export async function measure(
  target: Target,
  scenario: Scenario,
  options: BenchOptions,
  postmasterPid: number | undefined,
  log: (msg: string) => void,
): Promise<ScenarioMeasurement> {
  const plan = await scenario.plan(target);
  const warmedUp = (warm: RunResult) => {
    if (!warm.ok) log(`  warm-up had ${warm.failures} failures: ${warm.failureSamples.join(' | ')}`);
  };
  const measured = Array.from({ length: options.runs }, () => options.duration);
  let windows: RunResult[] | undefined;
  if (scenario.unit !== 'req') {
    windows = await continuousRuns(
      target,
      plan,
      options.warmup > 0 ? [options.warmup, ...measured] : measured,
      options,
      postmasterPid,
    );
    if (options.warmup > 0) warmedUp(windows.shift()!);
  } else if (options.warmup > 0) {
    warmedUp(await runOnce(target, scenario, plan, options.warmup, options, postmasterPid));
  }
  const runs: RunResult[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = windows?.[i] ?? (await runOnce(target, scenario, plan, options.duration, options, postmasterPid));
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
