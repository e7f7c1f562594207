import { formatScope, parseScope } from './scope-parameter';

describe('parseScope', () => {
  it('splits on spaces, dropping empty and repeated names', () => {
    expect(parseScope('openid  profile openid ')).toEqual(['openid', 'profile']);
    expect(formatScope(['openid', 'email'])).toBe('openid email');
  });

  it('refuses characters RFC 6749 §3.3 leaves out of scope tokens', () => {
    for (const bad of ['open"id', 'a\\b', 'caf\u00e9', 'tab\tbed']) {
      expect(() => parseScope(bad)).toThrow(expect.objectContaining({ error: 'invalid_scope' }));
    }
  });
});
