import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsOptional, Matches } from 'class-validator';
import { AccountConfig } from './account.config';
import { AdminConfig } from './admin.config';
import { AuthorizationConfig } from './authorization.config';
import { InteractionConfig } from './interaction.config';
import { KeysConfig } from './keys.config';
import { MailConfig } from './mail.config';
import { OutboundConfig } from './outbound.config';
import { OutboxConfig } from './outbox.config';
import { TokenConfig } from './token.config';
import { UsersConfig } from './users.config';
import { configSlice } from './config-slice';
import { InvalidEnvironmentError, validateConfiguration, validateEnvironment } from './environment';
import { loadConfig } from './load-config';

const load = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), ...env }, () => undefined);

describe('configuration slices', () => {
  it("validates every module's variables with the core ones, naming each bad one in one message", () => {
    let message = '';
    try {
      validateEnvironment({ PORT: 'abc', OUTBOX_MAX_ATTEMPTS: '0', OUTBOX_RETRY_BASE: 'soon' });
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidEnvironmentError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration:\n/);
    for (const line of ['  PORT="abc": ', '  OUTBOX_MAX_ATTEMPTS="0": ', '  OUTBOX_RETRY_BASE="soon": '])
      expect(message).toContain(line);
  });

  it("runs a module's checks across variables: METRICS_PORT must differ from PORT", () => {
    expect(() => validateEnvironment({ PORT: '9000', METRICS_PORT: '9000' })).toThrow(
      /\n {2}METRICS_PORT=9000: must differ from PORT/,
    );
    expect(() => validateEnvironment({ METRICS_PORT: '3000' })).toThrow(/METRICS_PORT=3000/);
    expect(() => validateEnvironment({ PORT: '9000', METRICS_PORT: '9001' })).not.toThrow();
  });

  it("gives each module its own settings, with the module's defaults", () => {
    expect(load().slice(OutboxConfig)).toEqual(new OutboxConfig(2, 10, 12));
    expect(load({ NODE_ENV: 'test' }).slice(OutboxConfig).pollInterval).toBe(0);
    expect(load({ OUTBOX_POLL_INTERVAL: '0.05', OUTBOX_MAX_ATTEMPTS: '3' }).slice(OutboxConfig)).toEqual(
      new OutboxConfig(0.05, 10, 3),
    );
  });

  it("runs a slice's own checks and hides secret values", () => {
    class WidgetVariables {
      @IsOptional()
      @Matches(/^https:/)
      WIDGET_SECRET_URL?: string;
    }
    class WidgetConfig {}
    const widget = configSlice({
      variables: WidgetVariables,
      type: WidgetConfig,
      problems: (v, core) =>
        core.production && !v.WIDGET_SECRET_URL ? ['WIDGET_SECRET_URL: required in production'] : [],
      settings: () => new WidgetConfig(),
    });
    expect(() => validateConfiguration({ WIDGET_SECRET_URL: 'http://x' }, [widget])).toThrow(
      /WIDGET_SECRET_URL=\(hidden\): /,
    );
    expect(() => validateConfiguration({ NODE_ENV: 'production' }, [widget])).toThrow(
      /\n {2}WIDGET_SECRET_URL: required in production/,
    );
    expect(validateConfiguration({}, [widget]).slices.get(widget)).toBeInstanceOf(WidgetVariables);
  });

  it('gives the token module its lifetimes, with their defaults and bounds', () => {
    expect(load().slice(TokenConfig)).toEqual(new TokenConfig(3600, 3600, 14 * 86400, 30 * 86400, 60));
    expect(load({ ACCESS_TOKEN_TTL: '600', AUTHORIZATION_CODE_TTL: '30' }).slice(TokenConfig)).toMatchObject({
      accessTokenTtl: 600,
      authorizationCodeTtl: 30,
    });
    expect(() => validateEnvironment({ REFRESH_TOKEN_TTL: '59', AUTHORIZATION_CODE_TTL: '601' })).toThrow(
      /REFRESH_TOKEN_TTL=\(hidden\): [\s\S]*AUTHORIZATION_CODE_TTL="601": /,
    );
  });

  it('gives the interaction module the session lifetime', () => {
    expect(load().slice(InteractionConfig)).toEqual(new InteractionConfig(7 * 86400));
    expect(load({ SESSION_TTL: '3600' }).slice(InteractionConfig).sessionTtl).toBe(3600);
    expect(() => validateEnvironment({ SESSION_TTL: '59' })).toThrow(/SESSION_TTL="59": /);
  });

  it('gives the authorization endpoint its policies, both off unless turned on', () => {
    expect(load().slice(AuthorizationConfig)).toEqual(new AuthorizationConfig(false, false));
    expect(load({ REQUIRE_PUSHED_AUTHORIZATION_REQUESTS: 'true' }).slice(AuthorizationConfig)).toEqual(
      new AuthorizationConfig(false, true),
    );
  });

  it("gives the mail module its relay and sender, the sender defaulting to the issuer's host", () => {
    expect(load({ ISSUER: 'https://id.example.com' }).slice(MailConfig)).toEqual(
      new MailConfig(undefined, 'no-reply@id.example.com'),
    );
    const relay = load({ SMTP_URL: 'smtps://u:p@relay.example.com:465', MAIL_FROM: 'ID <id@example.com>' });
    expect(relay.slice(MailConfig)).toEqual(new MailConfig('smtps://u:p@relay.example.com:465', 'ID <id@example.com>'));
  });

  it('gives the outbound client the entries of OUTBOUND_ALLOW, each checked', () => {
    expect(load({ OUTBOUND_ALLOW: '127.0.0.1, *.corp.example 10.0.0.0/8' }).slice(OutboundConfig)).toEqual(
      new OutboundConfig(['127.0.0.1', '*.corp.example', '10.0.0.0/8']),
    );
    expect(() => validateEnvironment({ OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(/\n {2}OUTBOUND_ALLOW: /);
  });

  it('gives the users module the password length and the account module what a reset does', () => {
    expect(load().slice(UsersConfig)).toEqual(new UsersConfig(10, 10));
    expect(load().slice(AccountConfig)).toEqual(new AccountConfig(true));
    const set = load({ PASSWORD_MIN_LENGTH: '12', PASSWORD_RESET_SIGNS_OUT: 'false' });
    expect(set.slice(UsersConfig).passwordMinLength).toBe(12);
    expect(set.slice(AccountConfig).passwordResetSignsOut).toBe(false);
    expect(() => validateEnvironment({ PASSWORD_MIN_LENGTH: '7' })).toThrow(/PASSWORD_MIN_LENGTH=\(hidden\): /);
    expect(load({ PASSWORD_CHECK_MAX_WAIT: '0' }).slice(UsersConfig).passwordCheckMaxWait).toBe(0);
    expect(() => validateEnvironment({ PASSWORD_CHECK_MAX_WAIT: '301' })).toThrow(/PASSWORD_CHECK_MAX_WAIT=/);
  });

  it('gives the keys module the algorithm of new signing keys', () => {
    expect(load().slice(KeysConfig)).toEqual(new KeysConfig('RS256'));
    expect(load({ SIGNING_ALG: 'ES256' }).slice(KeysConfig).signingAlg).toBe('ES256');
    expect(() => validateEnvironment({ SIGNING_ALG: 'HS256' })).toThrow(/SIGNING_ALG="HS256": /);
  });

  it('gives the admin plane its token and development endpoints, refusing those in production', () => {
    expect(load().slice(AdminConfig)).toEqual(new AdminConfig(undefined, false));
    expect(load({ ADMIN_TOKEN: 'a'.repeat(40) }).slice(AdminConfig).token).toBe('a'.repeat(40));
    expect(() => validateEnvironment({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN=\(hidden\): /);
    expect(() => validateEnvironment({ NODE_ENV: 'production', ENABLE_DEV_ENDPOINTS: 'true' })).toThrow(
      /\n {2}ENABLE_DEV_ENDPOINTS=true: not allowed when NODE_ENV=production/,
    );
  });
});
