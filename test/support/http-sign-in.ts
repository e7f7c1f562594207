import { CookieJar } from './cookie-jar';

/**
 * The browser's part of an authorization request over plain HTTP: from `start` (an authorization
 * URL), follow the redirects, sign in and allow when asked, and stop at the redirect to the RP.
 * Returns the URL the browser would have been sent to (with code, state, iss). `jar` is the
 * browser's cookies: pass one to sign in to several clients in one browser session.
 */
export async function signInOverHttp(
  start: URL | string,
  redirectUri: string,
  login: string,
  password: string,
  jar = new CookieJar(),
) {
  let next = new URL(start).href;
  for (let step = 0; !next.startsWith(redirectUri); step++) {
    if (step > 10) throw new Error(`no redirect to ${redirectUri}; stuck at ${next}`);
    let res = await jar.fetch(next);
    if (res.status === 200) {
      const html = await res.text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
      if (!csrf) throw new Error(`no form at ${next}: ${html.slice(0, 300)}`);
      const form: Record<string, string> = next.includes('/login')
        ? { csrf, login, password }
        : { csrf, decision: 'allow' };
      res = await jar.post(next, form);
    }
    if (![302, 303].includes(res.status)) throw new Error(`${next} answered ${res.status}: ${await res.text()}`);
    next = new URL(res.headers.get('location')!, next).href;
  }
  return new URL(next);
}
