import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 .cpuprofile (`node --cpu-prof`): self time by package or source folder,
 * and inclusive time of the heaviest functions. Usage:
 *   node dist/bench/profile-summary.js bench/results/profiles/CPU.*.cpuprofile [top=25] [skip-seconds=0]
 * skip-seconds leaves out the start of the profile (the server starting, the benchmark's set-up).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> (scoped ones too), our src/<module>, node: internals, or the V8 pseudo-frames. */
function area(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/dist\/(src\/[^/]+)/.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  return url;
}

function main(): void {
  const [file, topArg, skipArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top] [skip-seconds]');
  const top = Number(topArg ?? 25);
  const skipMicros = Number(skipArg ?? 0) * 1e6;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const selfByFunction = new Map<string, number>();
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsed += delta;
    if (elapsed < skipMicros) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const selfByArea = new Map<string, number>();
  for (const [id, t] of self) {
    const node = byId.get(id)!;
    const { url, functionName } = node.callFrame;
    if (functionName === '(idle)') continue;
    const key = area(url, functionName);
    selfByArea.set(key, (selfByArea.get(key) ?? 0) + t);
    const fn = `${functionName || '(anonymous)'} ${key}${url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + t);
  }

  // Inclusive time per function, each function counted once per stack (recursion-safe).
  const inclusive = new Map<string, number>();
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const key = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || '(anonymous)'} ${area(url, functionName)}${url ? `:${lineNumber + 1}` : ''}`;
  };
  for (const [id, t] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parents.get(n)) {
      const k = key(byId.get(n)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }

  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  console.log(`busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled\n`);
  console.log('Self time by area:');
  for (const [k, t] of [...selfByArea].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${k}`);
  console.log('\nSelf time by function:');
  for (const [k, t] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${k}`);
  console.log('\nInclusive time by function:');
  for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) console.log(`  ${pct(t)}  ${k}`);
}

main();
