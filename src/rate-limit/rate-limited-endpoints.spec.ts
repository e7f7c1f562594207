import { perReplicaLimits } from './rate-limited-endpoints';

describe('perReplicaLimits', () => {
  it('counts in memory the limits of hot routes, and only those', () => {
    const hot = [
      { method: 'POST', path: '/oauth2/token' },
      { method: 'POST', path: '/oauth2/introspect' },
      { method: 'POST', path: '/oauth2/revoke' },
      { method: 'GET', path: '/oauth2/userinfo' },
      { method: 'GET', path: '/.well-known/jwks.json' },
    ];
    expect(perReplicaLimits(hot)).toEqual(new Set(['token', 'introspection']));
    expect(perReplicaLimits([])).toEqual(new Set());
  });
});
