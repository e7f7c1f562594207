import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { recordedSecurityHeaders } from './security-headers';

function headersSetBy(middleware: ReturnType<typeof recordedSecurityHeaders>, url = '/') {
  const headers = new Map<string, unknown>([['x-powered-by', 'Express']]);
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  } as unknown as ServerResponse;
  let nextCalls = 0;
  middleware({ method: 'GET', url, headers: {} } as IncomingMessage as never, res as never, () => nextCalls++);
  return { headers: Object.fromEntries(headers), nextCalls };
}

describe('recordedSecurityHeaders', () => {
  it('replays exactly what helmet sets and removes, and calls next once', () => {
    const original = helmet({ frameguard: { action: 'deny' } });
    const replayed = recordedSecurityHeaders(original);
    expect(replayed).not.toBe(original);
    const expected = headersSetBy(original);
    expect(headersSetBy(replayed)).toEqual(expected);
    expect(expected.headers['x-frame-options']).toBe('DENY');
    expect(expected.headers['content-security-policy']).toContain("default-src 'self'");
    expect(expected.headers).not.toHaveProperty('x-powered-by');
    expect(expected.nextCalls).toBe(1);
  });

  it('keeps helmet itself when a directive is computed per request', () => {
    let n = 0;
    const dynamic = helmet({
      contentSecurityPolicy: { directives: { scriptSrc: [() => `'nonce-${++n}'`] } },
    });
    expect(recordedSecurityHeaders(dynamic)).toBe(dynamic);
  });
});
