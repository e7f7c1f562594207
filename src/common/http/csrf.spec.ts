import type { Request, Response } from 'express';
import { COOKIE_NAMES } from './cookie-names';
import { CSRF_FIELD, hasValidCsrfToken, issueCsrfToken } from './csrf';

const options = { secret: 's'.repeat(32), secure: false };

function browser() {
  const cookies: Record<string, string> = {};
  const res = { cookie: (name: string, value: string) => (cookies[name] = value) } as unknown as Response;
  const request = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    ({ signedCookies: { ...cookies }, body, get: (h: string) => headers[h.toLowerCase()] }) as unknown as Request;
  return { cookies, res, request };
}

describe('CSRF tokens', () => {
  it('accepts the token issued with the browser cookie, in the form or a header', () => {
    const b = browser();
    const token = issueCsrfToken(b.request(), b.res, options);
    expect(b.cookies[COOKIE_NAMES.csrf]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hasValidCsrfToken(b.request({ [CSRF_FIELD]: token }), options)).toBe(true);
    expect(hasValidCsrfToken(b.request({}, { 'x-csrf-token': token }), options)).toBe(true);
  });

  it('keeps the cookie, so two open forms both stay valid', () => {
    const b = browser();
    const first = issueCsrfToken(b.request(), b.res, options);
    const second = issueCsrfToken(b.request(), b.res, options);
    expect(second).toBe(first);
  });

  it('refuses a missing token, a missing cookie, another browser’s token and another secret', () => {
    const a = browser();
    const b = browser();
    const tokenA = issueCsrfToken(a.request(), a.res, options);
    issueCsrfToken(b.request(), b.res, options);
    expect(hasValidCsrfToken(a.request(), options)).toBe(false);
    expect(hasValidCsrfToken(browser().request({ [CSRF_FIELD]: tokenA }), options)).toBe(false);
    expect(hasValidCsrfToken(b.request({ [CSRF_FIELD]: tokenA }), options)).toBe(false);
    expect(hasValidCsrfToken(a.request({ [CSRF_FIELD]: tokenA }), { ...options, secret: 'x'.repeat(32) })).toBe(false);
    expect(hasValidCsrfToken(a.request({ [CSRF_FIELD]: ['x'] }), options)).toBe(false);
  });

  it('keeps the nonce in a __Host- cookie on an https issuer, and reads no cookie under the bare name there', () => {
    const secure = { ...options, secure: true };
    const b = browser();
    const token = issueCsrfToken(b.request(), b.res, secure);
    expect(Object.keys(b.cookies)).toEqual([`__Host-${COOKIE_NAMES.csrf}`]);
    expect(hasValidCsrfToken(b.request({ [CSRF_FIELD]: token }), secure)).toBe(true);
    const planted = browser();
    planted.cookies[COOKIE_NAMES.csrf] = b.cookies[`__Host-${COOKIE_NAMES.csrf}`];
    expect(hasValidCsrfToken(planted.request({ [CSRF_FIELD]: token }), secure)).toBe(false);
  });
});
