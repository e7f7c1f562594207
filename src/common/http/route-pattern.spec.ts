import type { Request } from 'express';
import { routePattern } from './route-pattern';

const req = (route: unknown, baseUrl = '') => ({ route, baseUrl }) as unknown as Request;

describe('routePattern', () => {
  it('is the route pattern, so ids in the URL do not make new values', () => {
    expect(routePattern(req({ path: '/interaction/:id/login' }))).toBe('/interaction/:id/login');
    expect(routePattern(req({ path: '/:clientId' }, '/oauth2/register'))).toBe('/oauth2/register/:clientId');
  });

  it('is undefined when no controller route matched', () => {
    expect(routePattern(req(undefined))).toBeUndefined();
    expect(routePattern(req({ path: '{/*splat}' }))).toBeUndefined();
    expect(routePattern(req({ path: /regex/ }))).toBeUndefined();
  });
});
