import { CookieJar } from '../support/cookie-jar';
import {
  ADMIN_TOKEN,
  adminFetch,
  CODE_CHALLENGE,
  CODE_VERIFIER,
  csrfField,
  PASSWORD,
  POST_LOGOUT_REDIRECT_URI,
  startHardeningApp,
  USERNAME,
  type HardeningApp,
} from './support/hardening-app';

const EVIL = 'https://evil.example/landing';

interface Registered {
  client_id: string;
  client_secret: string;
  registration_access_token: string;
  registration_client_uri: string;
}

/** A page that names evil.example and moves nowhere by itself. */
async function expectContinuePage(res: Response, status: number): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('refresh')).toBeNull();
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await res.text();
  expect(html).not.toMatch(/http-equiv|<script|window\.location/i);
  expect(html).toContain('<strong data-testid="destination-host">evil.example</strong>');
  expect(html).toMatch(/Continue to evil\.example/);
  return html;
}

/** The Continue link's target, as the browser reads the attribute (Handlebars escapes & and =). */
const continueHref = (html: string) =>
  /<a class="button" href="([^"]+)"/
    .exec(html)?.[1]
    ?.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&amp;/g, '&');

/** RFC 9700 §4.11.2: a client anyone can register must not turn the server into an open redirector. */
describe('redirects to clients no administrator approved', () => {
  let t: HardeningApp;

  const register = async (metadata: Record<string, unknown> = {}): Promise<Registered> => {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Totally Legit',
        redirect_uris: [EVIL],
        post_logout_redirect_uris: [EVIL],
        ...metadata,
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Registered;
  };

  const authorize = (clientId: string, extra: Record<string, string> = {}) =>
    fetch(
      `${t.url}/oauth2/authorize?${new URLSearchParams({
        client_id: clientId,
        redirect_uri: EVIL,
        response_type: 'code',
        scope: 'nonexistent',
        state: 'st',
        ...extra,
      })}`,
      { redirect: 'manual' },
    );

  /** An ID token for the client, as its owner gets one: sign in as alice, allow, redeem the code. */
  const idTokenFor = async (client: Registered, jar = new CookieJar()): Promise<string> => {
    const params = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: EVIL,
      response_type: 'code',
      scope: 'openid',
      code_challenge: CODE_CHALLENGE,
      code_challenge_method: 'S256',
    });
    const loginUrl = (await jar.fetch(`${t.url}/oauth2/authorize?${params}`)).headers.get('location')!;
    const login = csrfField(await (await jar.fetch(loginUrl)).text(), 'csrf')!;
    const consentUrl = (await jar.post(loginUrl, { csrf: login, login: USERNAME, password: PASSWORD })).headers.get(
      'location',
    )!;
    const consent = csrfField(await (await jar.fetch(consentUrl)).text(), 'csrf')!;
    const done = await jar.post(consentUrl, { csrf: consent, decision: 'allow' });
    const code = new URL(done.headers.get('location')!).searchParams.get('code')!;
    const token = await fetch(`${t.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: EVIL,
        code_verifier: CODE_VERIFIER,
      }),
    });
    return ((await token.json()) as { id_token: string }).id_token;
  };

  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t?.close());

  describe('the authorization endpoint', () => {
    it('shows an error of a self-registered client on a page naming evil.example instead of answering 303', async () => {
      const { client_id } = await register();
      const html = await expectContinuePage(await authorize(client_id), 400);
      const href = new URL(continueHref(html)!);
      expect(href.origin + href.pathname).toBe(EVIL);
      expect(href.searchParams.get('error')).toBe('invalid_scope');
      expect(href.searchParams.get('state')).toBe('st');
      expect(href.searchParams.get('iss')).toBe(t.url);
    });

    it('does the same for prompt=none and for response_mode=form_post, which gets a button, not a self-submitting form', async () => {
      const { client_id } = await register();
      await expectContinuePage(await authorize(client_id, { scope: 'openid', prompt: 'none' }), 400);
      const html = await expectContinuePage(await authorize(client_id, { response_mode: 'form_post' }), 400);
      expect(html).toMatch(new RegExp(`<form method="post" action="${EVIL}">`));
      expect(html).toContain('name="error" value="invalid_scope"');
    });

    it('still redirects the errors of a client an administrator created', async () => {
      const res = await fetch(
        `${t.url}/oauth2/authorize?${new URLSearchParams({
          client_id: t.web.clientId,
          redirect_uri: 'https://rp.example.com/cb',
          response_type: 'code',
          scope: 'nonexistent',
        })}`,
        { redirect: 'manual' },
      );
      expect(res.status).toBe(303);
      expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
    });

    it('redirects once an administrator approves the client (audited), and no longer once the client changes its registration', async () => {
      const client = await register();
      const approved = await adminFetch(t, 'PUT', `/admin/clients/${client.client_id}/approval`);
      expect(approved.status).toBe(200);
      expect(((await approved.json()) as { admin_approved: boolean }).admin_approved).toBe(true);
      const [event] = await t.dataSource.query(
        `SELECT type FROM audit_events WHERE subject = $1 AND type LIKE 'admin.client.approv%'`,
        [client.client_id],
      );
      expect(event).toEqual({ type: 'admin.client.approved' });
      expect((await authorize(client.client_id)).status).toBe(303);

      const changed = await fetch(client.registration_client_uri, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${client.registration_access_token}` },
        body: JSON.stringify({ client_id: client.client_id, client_name: 'Totally Legit', redirect_uris: [EVIL] }),
      });
      expect(changed.status).toBe(200);
      await expectContinuePage(await authorize(client.client_id), 400);

      await adminFetch(t, 'PUT', `/admin/clients/${client.client_id}/approval`);
      expect((await adminFetch(t, 'DELETE', `/admin/clients/${client.client_id}/approval`)).status).toBe(200);
      await expectContinuePage(await authorize(client.client_id), 400);
      const got = (await (await adminFetch(t, 'GET', `/admin/clients/${client.client_id}`)).json()) as {
        admin_approved: boolean;
        dynamically_registered: boolean;
      };
      expect(got).toMatchObject({ admin_approved: false, dynamically_registered: true });
    });
  });

  it('lets an administrator approve a client and withdraw the approval on the console, audited', async () => {
    const { client_id } = await register();
    const admin = new CookieJar();
    const signIn = csrfField(await (await admin.fetch(`${t.url}/admin/console/sign-in`)).text(), '_csrf')!;
    expect((await admin.post(`${t.url}/admin/console/sign-in`, { token: ADMIN_TOKEN, _csrf: signIn })).status).toBe(
      303,
    );
    const page = `${t.url}/admin/console/clients/${client_id}`;
    const before = await (await admin.fetch(page)).text();
    expect(before).toContain('Not approved: users see it as unverified');
    const csrf = csrfField(before, '_csrf')!;
    const approved = await admin.post(`${page}/approval`, { approved: 'yes', _csrf: csrf });
    expect(approved.status).toBe(303);
    expect(await (await admin.fetch(`${t.url}${approved.headers.get('location')!}`)).text()).toContain(
      'Approved by an administrator',
    );
    expect((await authorize(client_id)).status).toBe(303);
    expect((await admin.post(`${page}/approval`, { approved: 'no', _csrf: csrf })).status).toBe(303);
    await expectContinuePage(await authorize(client_id), 400);
    const events = await t.dataSource.query(`SELECT type, actor FROM audit_events WHERE subject = $1 ORDER BY id`, [
      client_id,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'admin.client.approved',
      'admin.client.approval_withdrawn',
    ]);
    // Without the form's CSRF token nothing changes.
    expect((await admin.post(`${page}/approval`, { approved: 'yes' })).status).toBe(403);
    await expectContinuePage(await authorize(client_id), 400);
  });

  describe('the end_session_endpoint', () => {
    const logout = (params: Record<string, string>, jar?: CookieJar) => {
      const url = `${t.url}/oauth2/logout?${new URLSearchParams(params)}`;
      return jar ? jar.fetch(url) : fetch(url, { redirect: 'manual' });
    };

    it('shows where it would send a browser without a session, instead of redirecting on a bare client_id', async () => {
      const { client_id } = await register();
      const html = await expectContinuePage(
        await logout({ client_id, post_logout_redirect_uri: EVIL, state: 's1' }),
        200,
      );
      expect(continueHref(html)).toBe(`${EVIL}?state=s1`);
    });

    it('asks even for a client an administrator created when nothing but client_id names it (§3)', async () => {
      const res = await logout({ client_id: t.web.clientId, post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI });
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('<strong data-testid="destination-host">rp.example.com</strong>');
    });

    it("names the destination's host on the confirmation page of a signed-in user", async () => {
      const { client_id } = await register();
      const jar = new CookieJar();
      await idTokenFor(await register(), jar);
      const res = await logout({ client_id, post_logout_redirect_uri: EVIL }, jar);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/Yes, sign out/);
      expect(html).toContain('<strong data-testid="destination-host">evil.example</strong>');
    });

    it("does not take a self-registered client's own id_token_hint as proof without the session it came from", async () => {
      const client = await register();
      const hint = await idTokenFor(client);
      await expectContinuePage(await logout({ id_token_hint: hint, post_logout_redirect_uri: EVIL }), 200);

      await adminFetch(t, 'PUT', `/admin/clients/${client.client_id}/approval`);
      const res = await logout({ id_token_hint: hint, post_logout_redirect_uri: EVIL });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(EVIL);
    });
  });
});

/** An operator who vets every registrant (or runs the OpenID conformance suite) may approve them at registration. */
describe('REGISTRATION_APPROVAL=automatic', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ REGISTRATION_APPROVAL: 'automatic' });
  });
  afterAll(() => t?.close());

  it('approves a registered client at once, and keeps it approved through its own updates', async () => {
    const res = await fetch(`${t.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Conformance RP', redirect_uris: [EVIL] }),
    });
    const client = (await res.json()) as Registered;
    const authorize = () =>
      fetch(
        `${t.url}/oauth2/authorize?${new URLSearchParams({
          client_id: client.client_id,
          redirect_uri: EVIL,
          response_type: 'code',
          scope: 'openid',
          prompt: 'none',
          state: 'st',
        })}`,
        { redirect: 'manual' },
      );
    const silent = await authorize();
    expect(silent.status).toBe(303);
    const location = new URL(silent.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(EVIL);
    expect(location.searchParams.get('error')).toBe('login_required');

    const changed = await fetch(client.registration_client_uri, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.registration_access_token}` },
      body: JSON.stringify({ client_id: client.client_id, client_name: 'Conformance RP 2', redirect_uris: [EVIL] }),
    });
    expect(changed.status).toBe(200);
    expect((await authorize()).status).toBe(303);
    const got = (await (await adminFetch(t, 'GET', `/admin/clients/${client.client_id}`)).json()) as {
      admin_approved: boolean;
    };
    expect(got.admin_approved).toBe(true);
  });
});
