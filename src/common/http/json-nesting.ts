/**
 * Whether a parsed JSON value holds objects or arrays nested deeper than `maxDepth` (a flat
 * object is depth 1). Iterative, so a hostile 64 kB of brackets cannot exhaust the stack.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
