import { ClientsService } from '../../src/clients/clients.service';
import { CookieJar } from '../support/cookie-jar';
import {
  authorizationParams,
  csrfField,
  PASSWORD,
  POST_LOGOUT_REDIRECT_URI,
  REDIRECT_URI,
  startHardeningApp,
  USERNAME,
  type HardeningApp,
} from './support/hardening-app';

/** Look-alikes of a registered URI an attacker might try; none is that URI, so none may be redirected to. */
function lookAlikes(registered: string): string[] {
  const url = new URL(registered);
  const { host, pathname } = url;
  const rest = pathname.slice(1);
  return [
    `${registered}/`,
    `https://${host.toUpperCase()}${pathname}`,
    `https://${host}${pathname.toUpperCase()}`,
    `HTTPS://${host}${pathname}`,
    `https://${host}@evil.example${pathname}`,
    `https://${host}%2F@evil.example${pathname}`,
    `https://evil.example%2F@${host}${pathname}`,
    `https://${host}.evil.example${pathname}`,
    `https://${host}%2F${rest}`,
    `https://${host}/%${rest.charCodeAt(0).toString(16)}${rest.slice(1)}`,
    `https://${host}/%2e%2e/${rest}`,
    `https://${host}/${rest}%2F..%2F..%2Fevil`,
    `https://${host}/${rest}/../evil`,
    `https://${host}/${rest}/..`,
    `https://${host}/./${rest}`,
    `${registered}?extra=1`,
    `${registered}?`,
    `${registered}#`,
    `${registered}#fragment`,
    `https://${host}:443${pathname}`,
    `https://${host}:8443${pathname}`,
    `http://${host}${pathname}`,
    `//${host}${pathname}`,
    `https:${host}${pathname}`,
    `https:/${host}${pathname}`,
    `https://${host}\\@evil.example${pathname}`,
    ` ${registered}`,
    `${registered} `,
    `${registered}%00`,
    `${registered}\t`,
    'https://evil.example/cb',
    'javascript:alert(document.domain)//https://rp.example.com/cb',
  ];
}

const pageWithoutRedirect = async (res: Response) => {
  expect(res.status).toBe(400);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('refresh')).toBeNull();
  expect(await res.text()).not.toMatch(/http-equiv|<script|window\.location/i);
};

describe('open redirects and mix-up', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t?.close());

  describe('the authorization endpoint never redirects to a URI not registered exactly', () => {
    const authorize = (redirectUri: string, method: 'GET' | 'POST', extra: Record<string, string>) => {
      const params = new URLSearchParams(authorizationParams(t, { redirect_uri: redirectUri, ...extra }));
      return method === 'GET'
        ? fetch(`${t.url}/oauth2/authorize?${params}`, { redirect: 'manual' })
        : fetch(`${t.url}/oauth2/authorize`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: params.toString(),
          });
    };

    it.each(lookAlikes(REDIRECT_URI))('shows the error page for %j', async (redirectUri) => {
      // Each request would otherwise be sent back with an error (unknown scope, prompt=none, a bad response_type).
      const spoilers: Record<string, string>[] = [
        {},
        { scope: 'no-such-scope' },
        { prompt: 'none' },
        { response_type: 'token' },
      ];
      for (const extra of spoilers) {
        await pageWithoutRedirect(await authorize(redirectUri, 'GET', extra));
        await pageWithoutRedirect(await authorize(redirectUri, 'POST', extra));
      }
    });

    it('matches a registered URI with a query exactly too: another query is another URI', async () => {
      const registered = 'https://rp.example.com/cb?tenant=a';
      const { client } = await t.app
        .get(ClientsService)
        .create({ clientName: 'Tenant RP', redirectUris: [registered] });
      for (const other of [
        'https://rp.example.com/cb?tenant=b',
        'https://rp.example.com/cb?tenant=a&x=1',
        REDIRECT_URI,
      ]) {
        const params = authorizationParams(t, { client_id: client.clientId, redirect_uri: other, scope: 'nonsense' });
        await pageWithoutRedirect(
          await fetch(`${t.url}/oauth2/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' }),
        );
      }
      const params = authorizationParams(t, {
        client_id: client.clientId,
        redirect_uri: registered,
        scope: 'nonsense',
      });
      const res = await fetch(`${t.url}/oauth2/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
      const location = new URL(res.headers.get('location')!);
      expect([location.origin + location.pathname, location.searchParams.get('tenant')]).toEqual([REDIRECT_URI, 'a']);
      expect(location.searchParams.get('error')).toBe('invalid_scope');
    });
  });

  describe('logout never redirects to a post_logout_redirect_uri not registered exactly', () => {
    it.each(lookAlikes(POST_LOGOUT_REDIRECT_URI))('shows the error page for %j', async (uri) => {
      const query = new URLSearchParams({ client_id: t.web.clientId, post_logout_redirect_uri: uri, state: 's' });
      await pageWithoutRedirect(await fetch(`${t.url}/oauth2/logout?${query}`, { redirect: 'manual' }));
      const form = await fetch(`${t.url}/oauth2/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: query.toString(),
      });
      // A form without the session cookie is sent on as a GET to this server, which then refuses it.
      if (form.status === 303) {
        expect(form.headers.get('location')!.startsWith(`${t.url}/oauth2/logout?`)).toBe(true);
        await pageWithoutRedirect(await fetch(form.headers.get('location')!, { redirect: 'manual' }));
      } else {
        await pageWithoutRedirect(form);
      }
    });

    it('never redirects when no client names the URI, even one registered for some client', async () => {
      const query = new URLSearchParams({ post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI, state: 's' });
      await pageWithoutRedirect(await fetch(`${t.url}/oauth2/logout?${query}`, { redirect: 'manual' }));
    });
  });

  describe('every authorization response names this server as iss (RFC 9207)', () => {
    let hybridClientId: string;
    beforeAll(async () => {
      hybridClientId = (
        await t.app.get(ClientsService).create({
          clientName: 'Hybrid RP',
          redirectUris: [REDIRECT_URI],
          grantTypes: ['authorization_code', 'implicit'],
          responseTypes: ['code', 'id_token', 'code id_token'],
          allowedScopes: ['openid', 'profile'],
          consentPolicy: 'always',
        })
      ).client.clientId;
    });

    /** Signs in and allows through the pages as a browser would; the answer that goes back to the RP. */
    const signIn = async (params: Record<string, string>, decision: 'allow' | 'deny' = 'allow') => {
      const jar = new CookieJar();
      let res = await jar.fetch(`${t.url}/oauth2/authorize?${new URLSearchParams(params)}`);
      for (let step = 0; step < 4 && res.status === 303; step++) {
        const next = res.headers.get('location')!;
        if (!next.startsWith(`${t.url}/interaction/`)) break;
        const csrf = csrfField(await (await jar.fetch(next)).text(), 'csrf')!;
        const form: Record<string, string> = next.endsWith('/login')
          ? { csrf, login: USERNAME, password: PASSWORD }
          : { csrf, decision };
        res = await jar.post(next, form);
      }
      return { res, jar };
    };

    /** The response parameters, wherever the response mode put them. */
    const responseParams = async (res: Response): Promise<Record<string, string>> => {
      if (res.status === 200) {
        const html = await res.text();
        expect(html).toContain(`action="${REDIRECT_URI}"`);
        return Object.fromEntries([...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      }
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(location.origin + location.pathname).toBe(REDIRECT_URI);
      return Object.fromEntries(location.hash ? new URLSearchParams(location.hash.slice(1)) : location.searchParams);
    };

    it.each([
      ['code', 'query'],
      ['code', 'fragment'],
      ['code', 'form_post'],
      ['id_token', 'fragment'],
      ['id_token', 'form_post'],
      ['code id_token', 'fragment'],
      ['code id_token', 'form_post'],
    ])('response_type=%s, response_mode=%s', async (responseType, responseMode) => {
      const { res } = await signIn(
        authorizationParams(t, {
          client_id: hybridClientId,
          response_type: responseType,
          response_mode: responseMode,
        }),
      );
      const params = await responseParams(res);
      expect(params.iss).toBe(t.url);
      expect(params.state).toBe('state-1');
      expect(params.error).toBeUndefined();
    });

    it('also for a silent request (prompt=none) of a signed-in browser, and for a denial', async () => {
      const { client } = await t.app.get(ClientsService).create({
        clientName: 'Remembering RP',
        redirectUris: [REDIRECT_URI],
        allowedScopes: ['openid', 'profile'],
        consentPolicy: 'once',
      });
      const { jar } = await signIn(authorizationParams(t, { client_id: client.clientId }));
      const silent = authorizationParams(t, { client_id: client.clientId, prompt: 'none' });
      const params = await responseParams(await jar.fetch(`${t.url}/oauth2/authorize?${new URLSearchParams(silent)}`));
      expect(params).toMatchObject({ code: expect.any(String), iss: t.url });

      const denied = await responseParams((await signIn(authorizationParams(t), 'deny')).res);
      expect(denied).toMatchObject({ error: 'access_denied', iss: t.url });
    });

    it('is announced in discovery', async () => {
      const metadata = await (await fetch(`${t.url}/.well-known/openid-configuration`)).json();
      expect(metadata).toMatchObject({ issuer: t.url, authorization_response_iss_parameter_supported: true });
    });
  });
});
