import { nestedDeeperThan } from './json-nesting';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestedDeeperThan('text', 0)).toBe(false);
    expect(nestedDeeperThan({ a: 1, b: 'x' }, 1)).toBe(false);
    expect(nestedDeeperThan({ jwks: { keys: [{ kty: 'EC' }] } }, 4)).toBe(false);
    expect(nestedDeeperThan({ jwks: { keys: [{ kty: 'EC' }] } }, 3)).toBe(true);
  });

  it('finds deep nesting anywhere, not only in the first member', () => {
    expect(nestedDeeperThan({ a: 1, b: [1, 2, { c: [[[]]] }] }, 4)).toBe(true);
  });

  it('survives nesting far beyond the call stack', () => {
    expect(nestedDeeperThan(nested(30_000), 8)).toBe(true);
    expect(nestedDeeperThan(nested(8), 8)).toBe(false);
  });
});
