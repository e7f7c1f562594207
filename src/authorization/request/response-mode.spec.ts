import { defaultResponseMode, responseModeFor } from './response-mode';

describe('response modes', () => {
  it('defaults to query for code and to fragment for every response type returning tokens', () => {
    expect(defaultResponseMode('code')).toBe('query');
    expect(defaultResponseMode(undefined)).toBe('query');
    for (const type of ['id_token', 'token', 'code id_token', 'code token', 'id_token token'] as const)
      expect(defaultResponseMode(type)).toBe('fragment');
  });

  it('honours a supported mode that was asked for', () => {
    expect(responseModeFor('fragment', 'code')).toBe('fragment');
    expect(responseModeFor('form_post', 'code id_token')).toBe('form_post');
    expect(responseModeFor('query', 'code')).toBe('query');
  });

  it('never puts tokens in the query, and falls back to the default for an unknown mode', () => {
    expect(responseModeFor('query', 'id_token token')).toBe('fragment');
    expect(responseModeFor('query', 'code id_token')).toBe('fragment');
    expect(responseModeFor('web_message', 'id_token')).toBe('fragment');
    expect(responseModeFor('web_message', 'code')).toBe('query');
    expect(responseModeFor(undefined, 'token')).toBe('fragment');
  });
});
