import type { Request } from 'express';
import { routeLabel } from './route-label';

const req = (route: unknown, baseUrl = '') => ({ route, baseUrl }) as unknown as Request;

describe('routeLabel', () => {
  it('is the route pattern, so ids in the URL do not make new series', () => {
    expect(routeLabel(req({ path: '/interaction/:id/login' }))).toBe('/interaction/:id/login');
    expect(routeLabel(req({ path: '/:clientId' }, '/oauth2/register'))).toBe('/oauth2/register/:clientId');
  });

  it('groups requests no controller route matched', () => {
    expect(routeLabel(req(undefined))).toBe('unmatched');
    expect(routeLabel(req({ path: '{/*splat}' }))).toBe('unmatched');
    expect(routeLabel(req({ path: /regex/ }))).toBe('unmatched');
  });
});
