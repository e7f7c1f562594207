import { registrableRedirectUriProblem } from './registrable-redirect-uri';

describe('registrableRedirectUriProblem', () => {
  it.each([
    'https://rp.example.com/cb',
    'https://rp.example.com:8443/cb?tenant=a',
    'http://127.0.0.1:8080/cb',
    'http://[::1]/cb',
    'http://localhost:3000/cb',
    'com.example.app:/oauth2redirect',
    'com.example.app://callback',
  ])('accepts %s', (uri) => {
    expect(registrableRedirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ['http on a public host', 'http://rp.example.com/cb', /https/],
    ['http on a private address', 'http://10.0.0.1/cb', /https/],
    ['a look-alike loopback host', 'http://localhost.evil.example/cb', /https/],
    ['a fragment', 'https://rp.example.com/cb#x', /fragment/],
    ['a relative URI', '/cb', /absolute/],
    ['the javascript scheme', 'javascript:alert(1)', /javascript/],
    ['a custom scheme that is not a domain', 'myapp:/cb', /private-use/],
    ['ftp', 'ftp://files.example.com/cb', /private-use/],
  ])('refuses %s', (_what, uri, problem) => {
    expect(registrableRedirectUriProblem(uri)).toMatch(problem);
  });
});
