/**
 * The cookies of one simulated browser, for HTTP-level tests with fetch. Paths and domains are
 * ignored: each test flow uses a jar of its own.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Fetches with this jar's cookies, without following redirects, and keeps what is set. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(res);
    return res;
  }

  /** Posts a form, as a browser does. */
  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Plants a cookie (as stored: still URL-encoded), e.g. one a test altered. */
  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** The Cookie header this browser sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
      );
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
  }
}
