import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { cookieName } from '../../common/http/cookie-names';
import { KNOWN_BROWSER_TTL_SECONDS, knownBrowsersOf, rememberBrowser } from './known-browser-cookie';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const config = { issuer: 'https://id.example.test', secureCookies: true } as AppConfig;
const KNOWN_BROWSER_COOKIE = cookieName('knownBrowser', true);

/** What rememberBrowser set, and a request that sends it back (as cookie-parser would, signature checked). */
function remember(previous: string | undefined, userId: string, now = Date.now()) {
  let name = '';
  let value = '';
  let options: Record<string, unknown> = {};
  const res = {
    cookie: (n: string, v: string, o: Record<string, unknown>) => ((name = n), (value = v), (options = o)),
  };
  rememberBrowser(requestWith(previous), res as unknown as Response, config, userId, now);
  return { name, value, options };
}
const requestWith = (value: string | undefined) =>
  ({ signedCookies: value === undefined ? {} : { [KNOWN_BROWSER_COOKIE]: value } }) as unknown as Request;

describe('known-browser cookie', () => {
  it('is a __Host- cookie on https: signed, httpOnly, SameSite=Strict, Secure, long-lived and site-wide', () => {
    expect(remember(undefined, ALICE).name).toBe('__Host-oidc_known_browser');
    expect(remember(undefined, ALICE).options).toMatchObject({
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      secure: true,
      path: '/',
      maxAge: KNOWN_BROWSER_TTL_SECONDS * 1000,
    });
  });

  it('keeps one id per account, the same one at each sign-in', () => {
    const first = remember(undefined, ALICE).value;
    const both = remember(first, BOB).value;
    const again = remember(both, ALICE).value;
    const [alice, bob] = knownBrowsersOf(requestWith(again), config);
    expect(alice).toEqual(knownBrowsersOf(requestWith(first), config)[0]);
    expect(bob.userId).toBe(BOB);
    expect(bob.browserId).not.toBe(alice.browserId);
  });

  it('forgets entries past their lifetime and anything malformed', () => {
    const now = Date.now();
    const old = remember(undefined, ALICE, now - (KNOWN_BROWSER_TTL_SECONDS + 1) * 1000).value;
    expect(knownBrowsersOf(requestWith(old), config, now)).toEqual([]);
    expect(knownBrowsersOf(requestWith('not-an-entry,'), config, now)).toEqual([]);
    // cookie-parser leaves false for a cookie whose signature does not verify.
    expect(knownBrowsersOf({ signedCookies: { [KNOWN_BROWSER_COOKIE]: false } } as unknown as Request, config)).toEqual(
      [],
    );
  });
});
