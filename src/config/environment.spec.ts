import { AdminConfig } from './admin.config';
import { InvalidEnvironmentError, validateEnvironment } from './environment';
import { BrandingConfig } from './branding.config';
import { loadConfig } from './load-config';
import { RegistrationConfig } from './registration.config';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('configuration', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'cfg-'));

  it('starts with no variables at all outside production', () => {
    const dir = dataDir();
    const warnings: string[] = [];
    const cfg = loadConfig({ DATA_DIR: dir }, (m) => warnings.push(m));
    expect(cfg.issuer).toBe('http://localhost:3000');
    expect(cfg.keyEncryptionSecret.length).toBeGreaterThanOrEqual(32);
    expect(warnings.join('\n')).toMatch(/KEY_ENCRYPTION_SECRET is not set/);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('keeps generated secrets across restarts', () => {
    const dir = dataDir();
    const a = loadConfig({ DATA_DIR: dir }, () => undefined);
    const b = loadConfig({ DATA_DIR: dir }, () => undefined);
    expect(b.keyEncryptionSecret).toBe(a.keyEncryptionSecret);
    expect(b.cookieSecret).toBe(a.cookieSecret);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).cookieSecret).toBe(a.cookieSecret);
  });

  it('warns about a generated secret only when it generates it, not when it reads it back', () => {
    const dir = dataDir();
    const first: string[] = [];
    const second: string[] = [];
    loadConfig({ DATA_DIR: dir }, (m) => first.push(m));
    loadConfig({ DATA_DIR: dir }, (m) => second.push(m));
    expect(first).toHaveLength(2);
    expect(second).toEqual([]);
  });

  it('validates the branding variables, naming each bad one', () => {
    let message = '';
    try {
      validateEnvironment({
        BRAND_NAME: '<script>',
        BRAND_LOGO_URL: 'http://cdn.example.com/logo.png',
        BRAND_PRIMARY_COLOR: 'red; }',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['BRAND_NAME', 'BRAND_LOGO_URL', 'BRAND_PRIMARY_COLOR']) expect(message).toContain(name);
    const cfg = loadConfig(
      {
        DATA_DIR: dataDir(),
        BRAND_NAME: 'Acme',
        BRAND_LOGO_URL: 'https://cdn.example.com/a.svg',
        BRAND_PRIMARY_COLOR: '#0A7D32',
      },
      () => undefined,
    );
    expect(cfg.slice(BrandingConfig)).toEqual(new BrandingConfig('Acme', 'https://cdn.example.com/a.svg', '#0a7d32'));
  });

  it('derives the issuer from the port', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: '8080' }, () => undefined).issuer).toBe('http://localhost:8080');
  });

  it('keeps idle connections open 65 s unless HTTP_KEEP_ALIVE_TIMEOUT says otherwise (1-3600 s)', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }, () => undefined).httpKeepAliveTimeout).toBe(65);
    expect(
      loadConfig({ DATA_DIR: dataDir(), HTTP_KEEP_ALIVE_TIMEOUT: '120' }, () => undefined).httpKeepAliveTimeout,
    ).toBe(120);
    expect(() => validateEnvironment({ HTTP_KEEP_ALIVE_TIMEOUT: '0' })).toThrow(/HTTP_KEEP_ALIVE_TIMEOUT/);
  });

  it('refuses to start in production without every secret, naming each', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() }, () => undefined)).toThrow(
      /KEY_ENCRYPTION_SECRET[\s\S]*COOKIE_SECRET/,
    );
  });

  it('names every bad variable', () => {
    let message = '';
    try {
      validateEnvironment({ PORT: 'abc', ISSUER: 'not a url', ACCESS_TOKEN_TTL: '5', SIGNING_ALG: 'HS256' });
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidEnvironmentError);
      message = (e as Error).message;
    }
    for (const name of ['PORT', 'ISSUER', 'ACCESS_TOKEN_TTL', 'SIGNING_ALG']) expect(message).toContain(name);
  });

  it('rejects an issuer with a trailing slash', () => {
    expect(() => validateEnvironment({ ISSUER: 'https://id.example.com/' })).toThrow(/ISSUER/);
  });

  it('accepts a complete production configuration', () => {
    const cfg = loadConfig(
      {
        NODE_ENV: 'production',
        ISSUER: 'https://id.example.com',
        KEY_ENCRYPTION_SECRET: 'k'.repeat(32),
        COOKIE_SECRET: 'c'.repeat(32),
        DATABASE_URL: 'postgres://u@db/x',
        DATA_DIR: dataDir(),
      },
      () => undefined,
    );
    expect(cfg.production).toBe(true);
    expect(cfg.secureCookies).toBe(true);
    expect(cfg.slice(RegistrationConfig).policy).toBe('initial_access_token');
  });

  it('opens client registration outside production unless told otherwise', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }, () => undefined).slice(RegistrationConfig).policy).toBe('open');
    const closed = loadConfig({ DATA_DIR: dataDir(), REGISTRATION_POLICY: 'initial_access_token' }, () => undefined);
    expect(closed.slice(RegistrationConfig).policy).toBe('initial_access_token');
    expect(() => validateEnvironment({ REGISTRATION_POLICY: 'anyone' })).toThrow(/REGISTRATION_POLICY/);
  });

  it('refuses the development endpoints in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production', ENABLE_DEV_ENDPOINTS: 'true' })).toThrow(
      /ENABLE_DEV_ENDPOINTS/,
    );
    expect(
      loadConfig({ DATA_DIR: dataDir(), ENABLE_DEV_ENDPOINTS: 'true' }, () => undefined).slice(AdminConfig)
        .devEndpoints,
    ).toBe(true);
  });
});
