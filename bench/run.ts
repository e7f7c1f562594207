import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase } from './database';
import { measure, type ScenarioMeasurement } from './load';
import { describeMachine, machineLine } from './machine';
import { readOptions, type BenchOptions } from './options';
import {
  cpuBeyondHash,
  hashCpuMs,
  loadKey,
  measurePasswordHashCost,
  passwordChecksPer,
  passwordHashLine,
  remeasure,
  startHashProbe,
  type PasswordHashCost,
} from './password-hash-cost';
import { loadAverage } from './process-stats';
import { markdownReport, RESULTS_DIR, tableRows, textTable, writeReport, type BenchReport } from './report';
import { runScale } from './scale';
import { SCENARIOS } from './scenarios';
import { ROOT, startFloorServer, startOidcProvider, startOurServer, type RunningServer } from './servers';
import {
  floorClients,
  floorTarget,
  oidcProviderConfig,
  oidcProviderTarget,
  provisionOurServer,
  type Target,
} from './targets';

const log = (msg: string) => console.error(msg);

function oidcProviderVersion(): string {
  const manifest = readFileSync(join(ROOT, 'node_modules', 'oidc-provider', 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/** `npm run bench` / `npm run bench:compare`: every scenario, on a fresh database, median of N runs. */
async function runThroughput(options: BenchOptions): Promise<void> {
  // A variant measured against a baseline (sign-in-totp against sign-in) brings its baseline along.
  const wanted = new Set(options.only);
  for (const s of SCENARIOS) if (wanted.has(s.name) && s.cpuGoal) wanted.add(s.cpuGoal.baseline);
  const scenarios = SCENARIOS.filter((s) => options.only.length === 0 || wanted.has(s.name));
  const unknown = options.only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const machine = describeMachine();
  log(`Machine: ${machineLine(machine)}`);
  if (machine.loadBefore[0] > 0.5 * machine.cores)
    log(`WARNING: the 1-minute load average is ${machine.loadBefore[0]}: other work will skew the numbers`);

  // Before anything else runs: a sign-in's CPU beyond its password check is reported too.
  let passwordHash: PasswordHashCost | undefined;
  if (scenarios.some((s) => passwordChecksPer(s) > 0)) {
    passwordHash = await measurePasswordHashCost();
    log(`One password verification: ${passwordHash.cpuMs} ms of CPU (${passwordHash.parameters})`);
  }

  const db = await freshDatabase(() => undefined);
  const servers: RunningServer[] = [];
  const date = new Date().toISOString();
  try {
    log(`Database: ${db.description}`);
    const profileDir = options.profile ? join(RESULTS_DIR, 'profiles') : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const ours = await startOurServer({ databaseUrl: db.url, logLevel: options.logLevel, profileDir });
    servers.push(ours);
    const targets: Target[] = [await provisionOurServer(ours, { ...ours, db })];
    if (options.compare) {
      const op = await startOidcProvider(oidcProviderConfig(targets[0].fixtures));
      servers.push(op);
      targets.push(oidcProviderTarget(op, targets[0].fixtures));
      // The floor of this design (issue #23): only the durable work, for the scenarios it serves.
      const floor = await startFloorServer(db.url, floorClients(targets[0].fixtures));
      servers.push(floor);
      targets.push(floorTarget(floor, targets[0].fixtures));
    }

    const measurements: ScenarioMeasurement[] = [];
    for (const scenario of scenarios) {
      // Interleaved, so that whatever else the machine does falls on both servers alike.
      for (const target of targets) {
        if (target.scenarios && !target.scenarios.includes(scenario.name)) continue;
        if (scenario.appliesTo && !scenario.appliesTo(target)) {
          log(`${scenario.title}: no counterpart on ${target.name}`);
          measurements.push({ target: target.name, scenario: scenario.name, status: 'n/a', runs: [] });
          continue;
        }
        log(`${scenario.title} on ${target.name}`);
        // What a password check costs under this very load (password-hash-cost.ts).
        const probe = passwordHash && passwordChecksPer(scenario) > 0 ? startHashProbe() : undefined;
        try {
          measurements.push(
            await measure(target, scenario, options, target.name === 'ours' ? db.postmasterPid : undefined, log),
          );
          const underLoad = await probe?.stop();
          if (passwordHash && underLoad) {
            (passwordHash.underLoad ??= {})[loadKey(target.name, scenario.name)] = underLoad;
            log(`  one password verification during this load: ${underLoad.cpuMs} ms of CPU`);
          }
        } catch (error) {
          await probe?.stop();
          log(`  FAILED: ${(error as Error).message}\n${target.server.logTail()}`);
          measurements.push({
            target: target.name,
            scenario: scenario.name,
            status: 'failed',
            note: (error as Error).message,
            runs: [],
          });
        }
      }
    }
    machine.loadAfter = loadAverage();
    for (const server of servers.splice(0).reverse()) await server.stop();
    if (passwordHash) {
      passwordHash = await remeasure(passwordHash);
      log(`One password verification after the runs: ${passwordHash.after} ms of CPU`);
    }

    const report: BenchReport = {
      kind: 'throughput',
      date,
      machine,
      database: db.description,
      settings: {
        connections: options.connections,
        rate: options.rate,
        duration: options.duration,
        runs: options.runs,
        warmup: options.warmup,
        ourServer:
          `dist/src/main.js, one process, NODE_ENV=production, LOG_LEVEL=${options.logLevel ?? 'info (the default)'}` +
          ' (log written to a file), metrics and rate limits on (limits raised: all load comes from one IP)',
        oidcProvider: `oidc-provider ${oidcProviderVersion()}, in-memory adapter (an LRU of ~1000 entries), NODE_ENV=production, one process`,
        floor:
          'bench/floor-server.mjs: node:http and pg alone, the durable work only (SHA-256 client auth, INSERT / one prepared SELECT by hash), one process',
      },
      scenarios: scenarios.map(
        ({ name, title, unit, goalRatio, goalRate, goalFloorShare, goalBeyondHashMs, cpuGoal }) => ({
          name,
          title,
          unit,
          goalRatio,
          goalRate,
          goalFloorShare,
          goalBeyondHashMs,
          cpuGoal,
        }),
      ),
      measurements,
      ...(passwordHash && {
        passwordHash,
        cpuBeyondHash: measurements.flatMap((m) => {
          const ms = cpuBeyondHash(
            scenarios.find((s) => s.name === m.scenario)!,
            m,
            passwordHash,
          );
          return ms === undefined
            ? []
            : [{ target: m.target, scenario: m.scenario, msPerUnit: ms, hashCpuMs: hashCpuMs(passwordHash!, m) }];
        }),
      }),
    };
    const base = options.reference ? 'reference' : `${date.replace(/[:.]/g, '-')}${options.compare ? '-compare' : ''}`;
    const files = writeReport(base, report, markdownReport(report, scenarios));
    console.log(`\n${textTable(tableRows(report, scenarios))}\n`);
    if (passwordHash) console.log(`${passwordHashLine(passwordHash)}\n`);
    log(`Load average after: ${machine.loadAfter.join(' ')}`);
    log(`Results: ${files.join(', ')}`);
    if (measurements.some((m) => m.status === 'failed')) process.exitCode = 1;
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await db.close();
  }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  if (options.scale) await runScale(options, log);
  else await runThroughput(options);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
