import { createHash } from 'node:crypto';
import { hashToken, newOpaqueToken } from './opaque-token';

describe('newOpaqueToken', () => {
  it('makes distinct 256-bit base64url values, also across refills of its random pool', () => {
    const tokens = Array.from({ length: 1000 }, newOpaqueToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});

describe('hashToken', () => {
  it('is the SHA-256 of the value, in hex', () => {
    expect(hashToken('abc')).toBe(createHash('sha256').update('abc').digest('hex'));
  });
});
