import { CookieJar } from './cookie-jar';
import type { TestApp } from './test-app';

const csrfOf = (html: string, field: string) => new RegExp(`name="${field}" value="([^"]+)"`).exec(html)?.[1];

export interface PageResult {
  status: number;
  headers: Headers;
  /** Where a redirect goes; undefined for a page. */
  location?: string;
  html: string;
}

async function page(res: Response): Promise<PageResult> {
  return {
    status: res.status,
    headers: res.headers,
    location: res.headers.get('location') ?? undefined,
    html: await res.text(),
  };
}

/** A person at the verification pages (RFC 8628 §3.3), in a browser simulated with fetch and a cookie jar. */
export class DeviceUser {
  readonly jar = new CookieJar();

  constructor(
    private readonly t: TestApp,
    private readonly password: string,
  ) {}

  /** Opens the code entry page and submits `userCode` with the page's CSRF token (or `csrf`, when given). */
  async enterCode(userCode: string, csrf?: string): Promise<PageResult> {
    const form = await this.jar.fetch(`${this.t.url}/oauth2/device`);
    const token = csrf ?? csrfOf(await form.text(), '_csrf')!;
    return page(await this.jar.post(`${this.t.url}/oauth2/device`, { user_code: userCode, _csrf: token }));
  }

  async signIn(login: string): Promise<PageResult> {
    const form = await this.jar.fetch(`${this.t.url}/oauth2/device/login`);
    const csrf = csrfOf(await form.text(), 'csrf')!;
    return page(await this.jar.post(`${this.t.url}/oauth2/device/login`, { login, password: this.password, csrf }));
  }

  async consentPage(): Promise<PageResult> {
    return page(await this.jar.fetch(`${this.t.url}/oauth2/device/consent`));
  }

  /** Answers the consent page with its CSRF token (or `csrf`, when given). */
  async answer(decision: 'allow' | 'deny', csrf?: string): Promise<PageResult> {
    const form = await this.consentPage();
    const token = csrf ?? csrfOf(form.html, 'csrf')!;
    return page(await this.jar.post(`${this.t.url}/oauth2/device/consent`, { decision, csrf: token }));
  }

  /** The whole way: code, sign-in (when asked for), consent; returns the last page. */
  async approve(userCode: string, login: string, decision: 'allow' | 'deny' = 'allow'): Promise<PageResult> {
    const entered = await this.enterCode(userCode);
    if (entered.location?.endsWith('/login')) {
      const signedIn = await this.signIn(login);
      if (!signedIn.location) return signedIn;
    } else if (!entered.location) {
      return entered;
    }
    return this.answer(decision);
  }
}
