import { validateEnvironment } from './environment';
import { mailFromProblem, parseMailFrom } from './mail-from';

describe('MAIL_FROM and SMTP_URL', () => {
  it('reads a bare address or "Name <address>"', () => {
    expect(parseMailFrom('id@example.com')).toEqual({ name: undefined, address: 'id@example.com' });
    expect(parseMailFrom('Example ID <id@example.com>')).toEqual({ name: 'Example ID', address: 'id@example.com' });
    expect(parseMailFrom('"Example, Inc." <id@example.com>')).toEqual({
      name: 'Example, Inc.',
      address: 'id@example.com',
    });
    expect(parseMailFrom('id@example.com, other@example.com')).toBeUndefined();
    expect(parseMailFrom('Example <id@example.com>\r\nBcc: x@evil.test')).toBeUndefined();
  });

  it('needs MAIL_FROM once SMTP_URL is set, and a usable one whenever it is given', () => {
    expect(mailFromProblem(undefined, false)).toBeUndefined();
    expect(mailFromProblem(undefined, true)).toMatch(/required when SMTP_URL is set/);
    expect(mailFromProblem('not an address', false)).toMatch(/must be an address/);
  });

  it('refuses a bad SMTP_URL without echoing it (it holds a password), and a relay without MAIL_FROM', () => {
    expect(() => validateEnvironment({ SMTP_URL: 'http://mailer:hunter2@relay.example.com' })).toThrow(
      /SMTP_URL=\(hidden\): must be smtp:\/\/user:pass@host:port/,
    );
    expect(() => validateEnvironment({ SMTP_URL: 'http://mailer:hunter2@relay.example.com' })).not.toThrow(/hunter2/);
    expect(() => validateEnvironment({ SMTP_URL: 'smtps://mailer:hunter2@relay.example.com:465' })).toThrow(
      /MAIL_FROM="": required when SMTP_URL is set/,
    );
    expect(() =>
      validateEnvironment({
        SMTP_URL: 'smtps://mailer:hunter2@relay.example.com:465',
        MAIL_FROM: 'ID <id@example.com>',
      }),
    ).not.toThrow();
    expect(() => validateEnvironment({ OUTBOX_POLL_INTERVAL: '-1' })).toThrow(/OUTBOX_POLL_INTERVAL/);
  });
});
