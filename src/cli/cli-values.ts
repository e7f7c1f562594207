import { UsageError, type CliValues } from './cli-command';

export const str = (values: CliValues, name: string): string | undefined => values[name] as string | undefined;
export const list = (values: CliValues, name: string): string[] | undefined => values[name] as string[] | undefined;
export const flag = (values: CliValues, name: string): boolean => values[name] === true;

export function int(values: CliValues, name: string): number | undefined {
  const raw = str(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number`);
  return Number(raw);
}

/** A table of rows, one line each, columns separated by two spaces; for people, not scripts. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
