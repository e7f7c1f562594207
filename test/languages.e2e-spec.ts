import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { ClientsService } from '../src/clients/clients.service';
import { OutboxWorker } from '../src/outbox/outbox.worker';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD } from './support/browser-sign-in';
import { CookieJar } from './support/cookie-jar';
import { eventually } from './support/eventually';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

describe('pages and mails in the user’s language (English, German, French)', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let rp: RelyingPartyServer;
  let browser: Browser;
  let config: oidc.Configuration;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    [t, browser, rp] = await Promise.all([
      startTestApp({
        SMTP_URL: `smtp://mailer:pa55word@127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'id@example.com',
        BRAND_NAME: 'Exemple ID',
      }),
      launchBrowser(),
      startRelyingParty(),
    ]);
    await t.app.get(UsersService).create({
      username: 'marie',
      email: 'marie@example.fr',
      password: PASSWORD,
      locale: 'fr-FR',
    });
    const { client, clientSecret } = await t.app.get(ClientsService).create({
      clientName: 'Boutique',
      redirectUris: [rp.url('/callback')],
      grantTypes: ['authorization_code'],
      allowedScopes: ['openid', 'profile', 'email'],
    });
    config = await discoverClient(t.url, client.clientId, clientSecret);
  });
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await t?.close();
    await smtp?.close();
  });

  const authorizationUrl = async (extra: Record<string, string> = {}) =>
    oidc.buildAuthorizationUrl(config, {
      redirect_uri: rp.url('/callback'),
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      ...extra,
    }).href;

  it('announces its languages in discovery', async () => {
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.ui_locales_supported).toEqual(['en', 'de', 'fr']);
  });

  it('shows the login page in the browser’s language (Accept-Language), English otherwise', async () => {
    for (const [acceptLanguage, lang, heading, label] of [
      ['de-CH, de;q=0.9', 'de', 'Anmelden', 'Benutzername oder E-Mail'],
      ['es, fr;q=0.8', 'fr', 'Se connecter', "Nom d'utilisateur ou e-mail"],
      ['ja', 'en', 'Sign in', 'Username or email'],
    ]) {
      const context = await browser.newContext({ extraHTTPHeaders: { 'accept-language': acceptLanguage } });
      const page = await context.newPage();
      await page.goto(await authorizationUrl());
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
      expect(await page.locator('h1').textContent()).toBe(heading);
      await expect(page.getByLabel(label).isVisible()).resolves.toBe(true);
      expect(await page.title()).toBe(`${heading} · Exemple ID`);
      await context.close();
    }
  });

  it('lets ui_locales choose over the browser, and the signed-in user’s locale speak on the consent page', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'de' } });
    const page = await context.newPage();
    await page.goto(await authorizationUrl({ ui_locales: 'xx fr' }));
    expect(await page.locator('h1').textContent()).toBe('Se connecter');
    await page.getByLabel("Nom d'utilisateur ou e-mail").fill('marie');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/consent$/);
    expect(await page.locator('h1').textContent()).toBe('Autoriser Boutique à accéder à votre compte ?');
    expect(await page.locator('ul.scopes').textContent()).toContain('Votre adresse e-mail');
    await context.close();

    // And German through ui_locales, whatever the browser says.
    const german = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'fr' } });
    const seite = await german.newPage();
    await seite.goto(await authorizationUrl({ ui_locales: 'de-AT' }));
    expect(await seite.locator('h1').textContent()).toBe('Anmelden');
    expect(await seite.locator('html').getAttribute('lang')).toBe('de');
    await german.close();

    // Without ui_locales, Marie's own locale (fr-FR) wins over the browser's German once she is known.
    const second = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'de' } });
    const again = await second.newPage();
    await again.goto(await authorizationUrl({ prompt: 'consent' }));
    expect(await again.locator('h1').textContent()).toBe('Anmelden');
    await again.getByLabel('Benutzername oder E-Mail').fill('marie');
    await again.getByLabel('Passwort').fill(PASSWORD);
    await again.getByRole('button', { name: 'Anmelden' }).click();
    await again.waitForURL(/\/consent$/);
    expect(await again.locator('html').getAttribute('lang')).toBe('fr');
    await second.close();
  });

  it('mails in the user’s language, and refuses nothing for a language it does not know', async () => {
    const jar = new CookieJar();
    const ask = async (login: string) => {
      const form = await (await jar.fetch(`${t.url}/account/password/forgot`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
      return jar.post(`${t.url}/account/password/forgot`, { _csrf: csrf, login });
    };
    expect((await ask('marie')).status).toBe(200);
    const mail = await eventually(async () => {
      await t.app.get(OutboxWorker).drainOnce();
      expect(smtp.received.length).toBeGreaterThan(0);
      return smtp.received.at(-1)!.mail;
    });
    expect(mail.subject).toBe('Choisissez un nouveau mot de passe pour Exemple ID');
    expect(mail.text).toContain('Bonjour marie,');
    expect(mail.text).toContain('Envoyé par Exemple ID');
    expect(mail.html).toContain('<html lang="fr">');

    const page = await (
      await fetch(`${t.url}/account/password/forgot`, { headers: { 'accept-language': 'fr;q=1, x-klingon;q=0.9' } })
    ).text();
    expect(page).toContain('Mot de passe oublié ?');
  });
});
