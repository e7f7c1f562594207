import { parsePrompt } from './prompt';

describe('parsePrompt', () => {
  it('reads space-delimited values, once each', () => {
    expect(parsePrompt(undefined)).toEqual([]);
    expect(parsePrompt('login  consent login')).toEqual(['login', 'consent']);
    expect(parsePrompt('none')).toEqual(['none']);
  });

  it('refuses none combined with anything else, and unknown values', () => {
    expect(() => parsePrompt('none login')).toThrow(expect.objectContaining({ error: 'invalid_request' }));
    expect(() => parsePrompt('none create')).toThrow(expect.objectContaining({ error: 'invalid_request' }));
    expect(() => parsePrompt('register')).toThrow(expect.objectContaining({ error: 'invalid_request' }));
  });

  it('knows create (Initiating User Registration via OpenID Connect)', () => {
    expect(parsePrompt('create')).toEqual(['create']);
  });
});
