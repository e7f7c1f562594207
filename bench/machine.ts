import { cpus, release, totalmem } from 'node:os';
import { loadAverage } from './process-stats';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  kernel: string;
  /** 1/5/15-minute load averages when the benchmark started and ended. */
  loadBefore: [number, number, number];
  loadAfter?: [number, number, number];
}

export function describeMachine(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    kernel: release(),
    loadBefore: loadAverage(),
  };
}

export function machineLine(m: MachineInfo): string {
  const load = (l?: number[]) => (l ? l.map((n) => n.toFixed(2)).join(' / ') : '?');
  return (
    `${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB RAM, Node ${m.node}, Linux ${m.kernel}; ` +
    `load average (1/5/15 min) ${load(m.loadBefore)} before, ${load(m.loadAfter)} after`
  );
}
