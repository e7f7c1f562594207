import { parseRateLimit } from '../config/rate-limit-setting';
import { rateLimitFor } from './rate-limited-endpoints';

describe('rate limit settings', () => {
  it('reads <requests>/<seconds>', () => {
    expect(parseRateLimit('600/60')).toEqual({ limit: 600, windowSeconds: 60 });
  });

  it('refuses anything else', () => {
    for (const bad of ['600', '0/60', '10/0', '10/60s', '-1/60', '']) expect(() => parseRateLimit(bad)).toThrow();
  });
});

describe('rate-limited endpoints', () => {
  it('names the limit of each abused endpoint by method and route pattern', () => {
    expect(rateLimitFor('POST', '/oauth2/token')).toBe('token');
    expect(rateLimitFor('POST', '/oauth2/par')).toBe('token');
    expect(rateLimitFor('POST', '/interaction/:id/login')).toBe('login');
    expect(rateLimitFor('POST', '/oauth2/device/login')).toBe('login');
    expect(rateLimitFor('POST', '/oauth2/register')).toBe('registration');
    expect(rateLimitFor('GET', '/oauth2/device')).toBe('device');
    expect(rateLimitFor('POST', '/oauth2/introspect')).toBe('introspection');
  });

  it('leaves every other route alone', () => {
    expect(rateLimitFor('GET', '/interaction/:id/login')).toBeUndefined();
    expect(rateLimitFor('GET', '/.well-known/openid-configuration')).toBeUndefined();
    expect(rateLimitFor('GET', undefined)).toBeUndefined();
  });
});
