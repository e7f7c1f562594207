/** What one run's responses were: checked one by one, as they arrive. */
export class Tally {
  ok = 0;
  failures = 0;
  /** Completed multi-request units (sign-ins) and how long each took, ms. */
  units = 0;
  readonly unitLatencies: number[] = [];
  /** The first few distinct failure messages, to report. */
  readonly failureSamples: string[] = [];

  pass(): void {
    this.ok++;
  }

  fail(message: string): void {
    this.failures++;
    if (this.failureSamples.length < 5 && !this.failureSamples.includes(message)) this.failureSamples.push(message);
  }

  unit(latencyMs: number): void {
    this.units++;
    this.unitLatencies.push(latencyMs);
  }

  /** What was counted so far, as a tally of its own; this one starts again from nothing. */
  cut(): Tally {
    const before = new Tally();
    Object.assign(before, this, { unitLatencies: [...this.unitLatencies], failureSamples: [...this.failureSamples] });
    this.ok = this.failures = this.units = 0;
    this.unitLatencies.length = this.failureSamples.length = 0;
    return before;
  }
}

/** The value below which `p` percent of the sorted values lie (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
