import { postLogoutRedirect } from './post-logout-redirect';

describe('postLogoutRedirect', () => {
  it('is the registered URI untouched without state', () => {
    expect(postLogoutRedirect('https://rp.example.com', undefined)).toBe('https://rp.example.com');
  });

  it('adds state to the query, keeping the query the URI has as it is', () => {
    expect(postLogoutRedirect('https://rp.example.com/bye', 'a b&c')).toBe(
      'https://rp.example.com/bye?state=a%20b%26c',
    );
    expect(postLogoutRedirect('https://rp.example.com/bye?next=%2Fhome', 'x')).toBe(
      'https://rp.example.com/bye?next=%2Fhome&state=x',
    );
    expect(postLogoutRedirect('https://rp.example.com/bye?', 'x')).toBe('https://rp.example.com/bye?state=x');
    expect(postLogoutRedirect('com.example.app:/logout', 'xyz')).toBe('com.example.app:/logout?state=xyz');
  });
});
