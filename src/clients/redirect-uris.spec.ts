import { isRegisteredUri, redirectUriProblem } from './redirect-uris';

describe('redirect URI matching', () => {
  const registered = ['https://rp.example.com/callback', 'http://127.0.0.1:8080/cb', 'com.example.app:/oauth2redirect'];

  it.each(registered)('accepts the registered URI %s exactly', (uri) => {
    expect(isRegisteredUri(registered, uri)).toBe(true);
  });

  it.each([
    ['a trailing slash', 'https://rp.example.com/callback/'],
    ['a different case in the path', 'https://rp.example.com/Callback'],
    ['a different case in the host', 'https://RP.example.com/callback'],
    ['an extra query', 'https://rp.example.com/callback?next=/admin'],
    ['an empty query', 'https://rp.example.com/callback?'],
    ['a fragment', 'https://rp.example.com/callback#x'],
    ['an explicit default port', 'https://rp.example.com:443/callback'],
    ['a different port', 'http://127.0.0.1:8081/cb'],
    ['localhost for 127.0.0.1', 'http://localhost:8080/cb'],
    ['a different scheme', 'http://rp.example.com/callback'],
    ['userinfo in front of the host', 'https://rp.example.com@evil.example/callback'],
    ['a look-alike subdomain', 'https://rp.example.com.evil.example/callback'],
    ['a percent-encoded character', 'https://rp.example.com/%63allback'],
    ['a dot segment', 'https://rp.example.com/x/../callback'],
    ['a path prefix only', 'https://rp.example.com/callbackx'],
    ['surrounding whitespace', ' https://rp.example.com/callback'],
    ['the empty string', ''],
  ])('refuses %s', (_what, uri) => {
    expect(isRegisteredUri(registered, uri)).toBe(false);
  });

  it('refuses a non-string', () => {
    expect(isRegisteredUri(registered, ['https://rp.example.com/callback'] as unknown as string)).toBe(false);
  });
});

describe('redirect URI registration', () => {
  it.each([
    'https://rp.example.com/callback',
    'https://rp.example.com/callback?tenant=a',
    'http://127.0.0.1:8080/cb',
    'http://[::1]/cb',
    'com.example.app:/oauth2redirect',
  ])('accepts %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ['/callback', /absolute/],
    ['rp.example.com/callback', /absolute/],
    ['https://rp.example.com/callback#frag', /fragment/],
    ['https://rp.example.com/callback#', /fragment/],
    ['javascript:alert(1)', /javascript/],
    ['data:text/html,hi', /data/],
    ['https://user:pass@rp.example.com/cb', /user information/],
    ['https://rp.example.com/call back', /whitespace/],
    ['', /characters/],
    [`https://rp.example.com/${'a'.repeat(2048)}`, /characters/],
  ])('refuses %s', (uri, problem) => {
    expect(redirectUriProblem(uri)).toMatch(problem);
  });
});
