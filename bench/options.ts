/** What one benchmark run does; every setting is a flag (`--duration=2`) or an environment variable. */
export interface BenchOptions {
  /** Also run every scenario against oidc-provider (npm run bench:compare). */
  compare: boolean;
  /** Run the scale scenario instead (npm run bench:scale). */
  scale: boolean;
  /** Seconds per measured run. */
  duration: number;
  /** Measured runs per scenario; the median is reported. */
  runs: number;
  /** Seconds of discarded warm-up before the measured runs. */
  warmup: number;
  connections: number;
  /**
   * Requests per second of all connections together (autocannon's overallRate); 0: as many as they
   * can. A fixed rate compares the CPU per request of scenarios whose batching would otherwise differ.
   */
  rate: number;
  /** Scenario names to run; empty: all. */
  only: string[];
  /** Stored-token counts the scale scenario measures introspection at. */
  scaleSizes: number[];
  /** Expired tokens the scale scenario asks the cleanup job to delete. */
  scaleExpired: number;
  /** Write bench/results/reference.{json,md} instead of a timestamped result. */
  reference: boolean;
  /** Run our server under `node --cpu-prof` (profiles in bench/results/profiles). */
  profile: boolean;
  /** LOG_LEVEL for our server; undefined: its production default (info). */
  logLevel: string | undefined;
}

const USAGE = `Usage: node dist/bench/run.js [--compare] [--scale] [--duration=10] [--runs=3] [--warmup=3]
  [--connections=16] [--rate=0] [--only=discovery,jwks,...] [--scale-sizes=10000,1000000,10000000] [--scale-expired=500000]
  [--reference] [--profile] [--log-level=info]
Each flag may also be given as an environment variable: BENCH_DURATION=2 BENCH_RUNS=1 ...`;

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not ${value}\n${USAGE}`);
  return n;
}

/** Flags win over environment variables (BENCH_<FLAG>, e.g. BENCH_SCALE_SIZES). */
export function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const get = (name: string): string | undefined =>
    flags.get(name) ?? env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const bool = (name: string) => ['true', '1', 'yes'].includes(get(name) ?? '');
  const list = (name: string) =>
    (get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const known = new Set([
    'compare',
    'scale',
    'duration',
    'runs',
    'warmup',
    'connections',
    'rate',
    'only',
    'scale-sizes',
    'scale-expired',
    'reference',
    'profile',
    'log-level',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown flag --${name}\n${USAGE}`);

  return {
    compare: bool('compare'),
    scale: bool('scale'),
    duration: positive('duration', get('duration') ?? '10'),
    runs: Math.max(1, Math.round(positive('runs', get('runs') ?? '3'))),
    warmup: positive('warmup', get('warmup') ?? '3'),
    connections: Math.max(1, Math.round(positive('connections', get('connections') ?? '16'))),
    rate: positive('rate', get('rate') ?? '0'),
    only: list('only'),
    scaleSizes: (list('scale-sizes').length > 0 ? list('scale-sizes') : ['10000', '1000000', '10000000']).map((s) =>
      Math.round(positive('scale-sizes', s)),
    ),
    scaleExpired: Math.round(positive('scale-expired', get('scale-expired') ?? '500000')),
    reference: bool('reference'),
    profile: bool('profile'),
    logLevel: get('log-level') || undefined,
  };
}
