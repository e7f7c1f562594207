import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioMeasurement } from './load';
import { machineLine, type MachineInfo } from './machine';
import { cpuBeyondHash, passwordChecksPer, passwordHashLine, type PasswordHashCost } from './password-hash-cost';
import type { CpuGoal, Scenario } from './scenarios';
import { ROOT } from './servers';

export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export interface BenchReport {
  kind: 'throughput';
  date: string;
  machine: MachineInfo;
  database: string;
  settings: Record<string, unknown>;
  scenarios: {
    name: string;
    title: string;
    unit: string;
    goalRatio?: number;
    goalRate?: number;
    goalFloorShare?: number;
    goalBeyondHashMs?: number;
    cpuGoal?: CpuGoal;
  }[];
  measurements: ScenarioMeasurement[];
  /** One password verification's CPU, when a sign-in scenario ran (password-hash-cost.ts). */
  passwordHash?: PasswordHashCost;
  /** Each sign-in measurement's CPU per sign-in beyond its password check, ms. */
  cpuBeyondHash?: { target: string; scenario: string; msPerUnit: number; hashCpuMs: number }[];
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function cell(m: ScenarioMeasurement | undefined, value: (m: NonNullable<ScenarioMeasurement['median']>) => string) {
  if (!m) return '';
  if (m.status === 'n/a') return 'n/a';
  if (!m.median) return 'FAILED';
  return value(m.median);
}

/** One row per scenario: our numbers, oidc-provider's when compared, the ratio and the goal. */
export function tableRows(report: BenchReport, scenarios: Scenario[]): string[][] {
  const compared = report.measurements.some((m) => m.target === 'oidc-provider');
  const floored = report.measurements.some((m) => m.target === 'floor');
  const variants = scenarios.some((s) => s.cpuGoal);
  const find = (scenario: string, target: string) =>
    report.measurements.find((m) => m.scenario === scenario && m.target === target);
  // A variant's CPU per unit over its baseline's, on the same server.
  const cpuRatio = (scenario: Scenario, target: string): number | undefined => {
    const variant = find(scenario.name, target)?.median;
    const baseline = scenario.cpuGoal && find(scenario.cpuGoal.baseline, target)?.median;
    return variant && baseline ? variant.cpuMsPerUnit / baseline.cpuMsPerUnit : undefined;
  };
  const times = (ratio: number | undefined) => (ratio === undefined ? '–' : `${ratio.toFixed(2)}×`);
  const hashed = report.passwordHash !== undefined && scenarios.some((s) => passwordChecksPer(s) > 0);
  const header = [
    'scenario',
    'ours /s',
    ...(compared ? ['oidc-provider /s', 'ratio', 'goal'] : ['goal']),
    ...(floored ? ['floor /s', 'share of floor'] : []),
    'ours p50 / p99 ms',
    ...(compared ? ['oidc-provider p50 / p99 ms'] : []),
    'ours CPU ms',
    ...(compared ? ['oidc-provider CPU ms'] : []),
    ...(variants ? ['ours CPU vs plain', ...(compared ? ['oidc-provider CPU vs plain'] : [])] : []),
    ...(hashed ? ['ours CPU ms beyond hash', ...(compared ? ['oidc-provider CPU ms beyond hash'] : [])] : []),
    'ours Postgres CPU ms',
    'ours max RSS MB',
  ];
  const rows = [header];
  for (const scenario of scenarios) {
    const ours = report.measurements.find((m) => m.scenario === scenario.name && m.target === 'ours');
    const theirs = report.measurements.find((m) => m.scenario === scenario.name && m.target === 'oidc-provider');
    const floor = report.measurements.find((m) => m.scenario === scenario.name && m.target === 'floor');
    if (!ours && !theirs) continue;
    const share = ours?.median && floor?.median ? ours.median.rate / floor.median.rate : undefined;
    const ratio = ours?.median && theirs?.median ? ours.median.rate / theirs.median.rate : undefined;
    const ourCpuRatio = cpuRatio(scenario, 'ours');
    const ourBeyondHash =
      passwordChecksPer(scenario) > 0 && ours?.median ? cpuBeyondHash(scenario, ours, report.passwordHash) : undefined;
    // Every goal the scenario has, each with whether this run met it (undefined: not measured).
    const goals: [goal: string, met: boolean | undefined][] = [];
    if (scenario.goalRatio !== undefined)
      goals.push([
        `≥ ${scenario.goalRatio.toFixed(1)}×`,
        ratio === undefined ? undefined : ratio >= scenario.goalRatio,
      ]);
    if (scenario.goalRate !== undefined)
      goals.push([`≥ ${scenario.goalRate}/s`, ours?.median ? ours.median.rate >= scenario.goalRate : undefined]);
    if (scenario.cpuGoal !== undefined)
      goals.push([
        `CPU ≤ ${scenario.cpuGoal.maxRatio.toFixed(1)}× ${scenario.cpuGoal.baseline}`,
        ourCpuRatio === undefined ? undefined : ourCpuRatio <= scenario.cpuGoal.maxRatio,
      ]);
    if (scenario.goalBeyondHashMs !== undefined)
      goals.push([
        `beyond hash ≤ ${scenario.goalBeyondHashMs} ms`,
        ourBeyondHash === undefined || Number.isNaN(ourBeyondHash)
          ? undefined
          : ourBeyondHash <= scenario.goalBeyondHashMs,
      ]);
    if (scenario.goalFloorShare !== undefined && floor)
      goals.push([
        `≥ ${Math.round(scenario.goalFloorShare * 100)} % of floor`,
        share === undefined ? undefined : share >= scenario.goalFloorShare,
      ]);
    const goalCell = goals
      .map(([goal, met]) => (met === undefined ? goal : `${goal} ${met ? 'met' : 'MISSED'}`))
      .join('; ');
    const rate = (m: ScenarioMeasurement | undefined) => cell(m, (r) => fmt(r.rate, scenario.unit === 'req' ? 0 : 1));
    const latency = (m: ScenarioMeasurement | undefined) => cell(m, (r) => `${fmt(r.p50, 1)} / ${fmt(r.p99, 1)}`);
    const cpu = (m: ScenarioMeasurement | undefined) => cell(m, (r) => fmt(r.cpuMsPerUnit, 3));
    const beyondHash = (m: ScenarioMeasurement | undefined) =>
      passwordChecksPer(scenario) === 0 ? '' : cell(m, () => fmt(cpuBeyondHash(scenario, m, report.passwordHash), 3));
    rows.push([
      `${scenario.title}${scenario.unit === 'req' ? '' : ` (${scenario.unit}s)`}`,
      rate(ours),
      ...(compared ? [rate(theirs), ratio === undefined ? '–' : `${ratio.toFixed(2)}×`, goalCell] : [goalCell]),
      ...(floored ? [floor ? rate(floor) : '', share === undefined ? '' : `${Math.round(share * 100)} %`] : []),
      latency(ours),
      ...(compared ? [latency(theirs)] : []),
      cpu(ours),
      ...(compared ? [cpu(theirs)] : []),
      ...(variants
        ? scenario.cpuGoal
          ? [
              cell(ours, () => times(ourCpuRatio)),
              ...(compared ? [cell(theirs, () => times(cpuRatio(scenario, 'oidc-provider')))] : []),
            ]
          : ['', ...(compared ? [''] : [])]
        : []),
      ...(hashed ? [beyondHash(ours), ...(compared ? [beyondHash(theirs)] : [])] : []),
      cell(ours, (r) => fmt(r.dbCpuMsPerUnit, 3)),
      cell(ours, (r) => fmt(r.maxRssMb, 0)),
    ]);
  }
  return rows;
}

export function markdownTable(rows: string[][]): string {
  const [header, ...body] = rows;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...body.map(line)].join('\n');
}

export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

export function markdownReport(report: BenchReport, scenarios: Scenario[]): string {
  const s = report.settings;
  return [
    `# Benchmark ${report.date}`,
    '',
    `- Machine: ${machineLine(report.machine)}`,
    `- Database: ${report.database}, fresh for this run, on the same machine`,
    `- Load: autocannon, ${String(s.connections)} connections${s.rate ? ` at ${String(s.rate)} requests/s in all` : ''}, ${String(s.warmup)} s warm-up discarded, ` +
      `median of ${String(s.runs)} runs of ${String(s.duration)} s; every response checked`,
    `- Our server: ${String(s.ourServer)}`,
    ...(report.measurements.some((m) => m.target === 'oidc-provider')
      ? [`- oidc-provider: ${String(s.oidcProvider)}`]
      : []),
    ...(report.measurements.some((m) => m.target === 'floor') ? [`- floor: ${String(s.floor)}`] : []),
    '- CPU: server process user+system time per request (per sign-in for sign-in); Postgres: postmaster and backends',
    ...(scenarios.some((sc) => sc.cpuGoal)
      ? ["- CPU vs plain: a variant's CPU per sign-in over the plain sign-in's on the same server, in the same run"]
      : []),
    '',
    markdownTable(tableRows(report, scenarios)),
    '',
    ...(report.passwordHash ? [passwordHashLine(report.passwordHash), ''] : []),
  ].join('\n');
}

/** Writes `<base>.json` and `<base>.md` under bench/results/; returns their paths. */
export function writeReport(base: string, json: unknown, markdown: string): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const files = [join(RESULTS_DIR, `${base}.json`), join(RESULTS_DIR, `${base}.md`)];
  writeFileSync(files[0], JSON.stringify(json, null, 2) + '\n');
  writeFileSync(files[1], markdown);
  return files;
}
