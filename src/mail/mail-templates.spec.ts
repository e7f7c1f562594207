import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../common/http/project-root';
import { MailTemplates } from './mail-templates';

const BRAND = { productName: 'Example ID', issuer: 'https://id.example.com' };
const VIEWS = join(projectRoot(), 'views', 'mail');
const data = {
  requestedBy: 'Ops <ops@example.com>',
  sentAt: 'noon',
  consoleUrl: 'https://id.example.com/admin/console',
};

describe('mail templates', () => {
  it('renders the test message as HTML and text, in the layout, with its subject from the text template', () => {
    const mail = new MailTemplates(VIEWS, BRAND).render('test-message', data);
    expect(mail.subject).toBe('Test message from Example ID');
    expect(mail.text).toMatch(/^Example ID\n/);
    expect(mail.text).toContain('Open the admin console: https://id.example.com/admin/console');
    expect(mail.text).toContain('Sent by Example ID (https://id.example.com).');
    expect(mail.text).not.toContain('Subject:');
    expect(mail.html).toContain('<title>Test message from Example ID</title>');
    expect(mail.html).toContain('<a href="https://id.example.com/admin/console">');
  });

  it('escapes data in the HTML part and leaves the text part as written', () => {
    const mail = new MailTemplates(VIEWS, BRAND).render('test-message', data);
    expect(mail.html).toContain('Ops &lt;ops@example.com&gt;');
    expect(mail.html).not.toContain('<ops@example.com>');
    expect(mail.text).toContain('Ops <ops@example.com>');
  });

  it('names the passkey of a notice as its owner typed it, escaped in the HTML part', () => {
    const mail = new MailTemplates(VIEWS, BRAND).render('passkey-added', {
      name: 'Ana',
      passkey: '<b>Work</b> laptop',
      link: 'https://id.example.com/account/security#passkeys',
    });
    expect(mail.subject).toBe('A passkey was added to your Example ID account');
    expect(mail.text).toContain('A passkey named “<b>Work</b> laptop” was just added');
    expect(mail.html).toContain('“&lt;b&gt;Work&lt;/b&gt; laptop”');
    expect(mail.html).toContain('<a href="https://id.example.com/account/security#passkeys">');
  });

  it('lists the passkeys a password change leaves in place, and says nothing of them when there are none', () => {
    const templates = new MailTemplates(VIEWS, BRAND);
    const data = { name: 'Ana', signedOut: true, passkeysLink: 'https://id.example.com/account/security#passkeys' };
    const withPasskeys = templates.render('password-changed', {
      ...data,
      passkeys: [
        { name: 'Phone', added: '2026-12-01' },
        { name: 'Laptop', added: '2026-12-02' },
      ],
    });
    expect(withPasskeys.text).toContain('- Phone, added 2026-12-01\n- Laptop, added 2026-12-02\n');
    expect(withPasskeys.text).toContain('https://id.example.com/account/security#passkeys');
    const german = templates.render(
      'password-changed',
      { ...data, passkeys: [{ name: 'Phone', added: '2026-12-01' }] },
      'de',
    );
    expect(german.text).toContain('- Phone, hinzugefügt am 2026-12-01');
    const without = templates.render('password-changed', { ...data, passkeys: [] });
    expect(without.text).not.toContain('passkey');
  });

  it('picks the locale, then the language, then the default template', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
    mkdirSync(join(dir, 'layouts'));
    writeFileSync(join(dir, 'layouts', 'mail.hbs'), '{{{body}}}');
    writeFileSync(join(dir, 'layouts', 'mail.txt.hbs'), '{{{body}}}');
    for (const [suffix, word] of [
      ['', 'Hello'],
      ['.de', 'Hallo'],
      ['.pt-br', 'Olá'],
    ]) {
      writeFileSync(join(dir, `hi${suffix}.txt.hbs`), `Subject: ${word}\n\n${word} {{name}}`);
      writeFileSync(join(dir, `hi${suffix}.hbs`), `<p>${word} {{name}}</p>`);
    }
    const templates = new MailTemplates(dir, BRAND);
    expect(templates.render('hi', { name: 'Ana' }, 'pt-BR')).toMatchObject({ subject: 'Olá', text: 'Olá Ana' });
    expect(templates.render('hi', { name: 'Jo' }, 'de-AT')).toMatchObject({
      subject: 'Hallo',
      html: '<p>Hallo Jo</p>',
    });
    expect(templates.render('hi', { name: 'Jo' }, 'fr')).toMatchObject({ subject: 'Hello' });
    expect(templates.render('hi', { name: 'Jo' }, '../../etc')).toMatchObject({ subject: 'Hello' });
  });

  it('refuses a template name that is not a plain name, and a template without a subject line', () => {
    const templates = new MailTemplates(VIEWS, BRAND);
    expect(() => templates.render('../layouts/mail', {})).toThrow(/Invalid mail template name/);
    expect(() => templates.render('no-such-template', {})).toThrow(/missing/);
    const dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
    writeFileSync(join(dir, 'bare.txt.hbs'), 'Hello');
    writeFileSync(join(dir, 'bare.hbs'), 'Hello');
    expect(() => new MailTemplates(dir, BRAND).render('bare', {})).toThrow(/Subject/);
  });
});
