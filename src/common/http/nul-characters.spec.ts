import type { Request, Response } from 'express';
import { containsNul, rejectNulCharacters } from './nul-characters';

const run = (req: Partial<Request>) => {
  const next = jest.fn();
  rejectNulCharacters({ originalUrl: '/', ...req } as Request, {} as Response, next);
  return next.mock.calls[0][0] as { error?: string } | undefined;
};

describe('containsNul', () => {
  it('finds U+0000 in values and names at any depth', () => {
    expect(containsNul({ a: ['x', { b: 'y\0' }] })).toBe(true);
    expect(containsNul({ 'a\0': 1 })).toBe(true);
    expect(containsNul(JSON.parse(`${'['.repeat(20_000)}"\\u0000"${']'.repeat(20_000)}`))).toBe(true);
  });

  it('passes everything else', () => {
    expect(containsNul({ a: ['x', { b: 'y' }], n: 1, t: true, z: null })).toBe(false);
    expect(containsNul(undefined)).toBe(false);
  });
});

describe('rejectNulCharacters', () => {
  it('refuses an encoded NUL in the path or query, or a NUL in the body', () => {
    expect(run({ originalUrl: '/oauth2/authorize?client_id=a%00' })).toMatchObject({ error: 'invalid_request' });
    expect(run({ originalUrl: '/oauth2/register/a%00b' })).toMatchObject({ error: 'invalid_request' });
    expect(run({ body: { client_id: 'a\0' } })).toMatchObject({ error: 'invalid_request' });
  });

  it('lets other requests through', () => {
    expect(run({ originalUrl: '/oauth2/authorize?state=%2500', body: { a: 'b' } })).toBeUndefined();
  });
});
