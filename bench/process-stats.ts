import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (100 on Linux almost everywhere). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Stat {
  ppid: number;
  /** utime + stime, seconds. */
  cpu: number;
  /** cutime + cstime: children that have ended and been waited for, seconds. */
  reapedChildren: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // proc(5): state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17; fields[0] is field 3.
    return {
      ppid: Number(fields[1]),
      cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      reapedChildren: (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS,
    };
  } catch {
    return undefined; // the process has ended
  }
}

/** CPU time (user + system) the process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  return stat(pid)?.cpu ?? 0;
}

/**
 * CPU seconds of a process and its children, living or ended (Postgres: the postmaster, its
 * backends and the autovacuum workers that came and went).
 */
export function treeCpuSeconds(rootPid: number): number {
  const root = stat(rootPid);
  let total = root ? root.cpu + root.reapedChildren : 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.ppid === rootPid) total += s.cpu;
  }
  return total;
}

/** Resident set size in bytes (VmRSS), 0 once the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` and keeps the highest value seen. */
export class RssSampler {
  private max = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** The highest RSS seen since the start or the last restart, in bytes; sampling goes on afresh. */
  restart(): number {
    this.sample();
    const max = this.max;
    this.max = 0;
    this.sample();
    return max;
  }

  /** Stops sampling; the highest RSS seen, in bytes. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.max;
  }

  private sample(): void {
    this.max = Math.max(this.max, rssBytes(this.pid));
  }
}

/** 1, 5 and 15 minute load averages. */
export function loadAverage(): [number, number, number] {
  const [a, b, c] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [a, b, c];
}
