#!/usr/bin/env node
'use strict';
/**
 * `npm run docs:screenshots`: starts the built server as a newcomer would (`npm start`: embedded
 * Postgres in a fresh data directory, no configuration), seeds the demo data with the CLI
 * (`dev seed`), and drives Debian's Chromium through the pages people see, saving PNGs in
 * docs/screenshots/: login, consent, device, logout, an unknown client's error page, setup-done,
 * the console dashboard and the clients list.
 * Each page is taken at desktop width and at 390 px (`*.narrow.png`). Uses only this machine.
 */
const { spawn } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { chmodSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { chromium } = require('playwright-core');
const { Secret, TOTP } = require('otpauth');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const DESKTOP = { width: 1024, height: 800 };
const PHONE = { width: 390, height: 844 };

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function run(args, env) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${args.join(' ')} exited ${code}: ${err}`))));
  });
}

async function startServer(env, url) {
  const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${log}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Both widths of the page as it is now. */
async function shoot(page, name) {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(OUT, `${name}.narrow.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  console.log(`docs/screenshots/${name}.png, ${name}.narrow.png`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'oidc-screenshots-'));
  chmodSync(dataDir, 0o755); // as root, the embedded Postgres runs as another user that must reach it
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env = { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: String(port), ISSUER: url, LOG_LEVEL: 'warn' };
  const server = await startServer(env, url);
  let browser;
  try {
    const seed = JSON.parse(await run(['dist/src/cli/main.js', 'dev', 'seed', '--json'], env));
    const alice = seed.users.find((u) => u.username === 'alice');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();

    // Sign in with the demo single-page app (public client, PKCE), as its users would.
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${url}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'demo-spa',
      redirect_uri: 'http://localhost:3002/callback',
      scope: 'openid profile email',
      state: randomBytes(8).toString('hex'),
      nonce: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    await page.goto(authorize.href);
    await page.getByLabel('Username or email').waitFor();
    await shoot(page, 'login');
    // One mistyped password first: the console's dashboard then has a security event to show.
    await page.getByLabel('Username or email').fill(alice.username);
    await page.getByLabel('Password').fill('not-the-password');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByLabel('Username or email').fill(alice.username);
    await page.getByLabel('Password').fill(alice.password);
    await Promise.all([page.waitForURL(/\/consent$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    await shoot(page, 'consent');
    // Allowing sends the browser to the SPA's callback, which nothing serves here.
    await page
      .getByRole('button', { name: 'Allow' })
      .click({ noWaitAfter: true })
      .catch(() => undefined);
    await page.waitForTimeout(500);

    // A device asks for a code; the signed-in person enters it.
    const device = await fetch(`${url}/oauth2/device_authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'demo-device', scope: 'openid profile' }).toString(),
    }).then((r) => r.json());
    await page.goto(`${url}/oauth2/device`);
    await page.getByLabel('Code').fill(device.user_code);
    await shoot(page, 'device');

    // The Sign-in methods page, an authenticator app being set up, then the second factor asked
    // at the next sign-in.
    await page.goto(`${url}/account/security`);
    await shoot(page, 'account-security');
    await page.locator('#totp-setup-proof').fill(alice.password);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Set up an authenticator app' }).click(),
    ]);
    await page.locator('#totp-qr-code').waitFor();
    await shoot(page, 'totp-setup');
    const secret = (await page.locator('#totp-secret').textContent()).replace(/\s/g, '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    await page.getByLabel('Code from the app').fill(totp.generate());
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Turn on the authenticator app' }).click(),
    ]);
    await shoot(page, 'recovery-codes');
    await page.context().clearCookies();
    await page.goto(`${url}/account`);
    await page.getByLabel('Username or email').fill(alice.username);
    await page.getByLabel('Password').fill(alice.password);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.locator('#second-factor-totp').waitFor();
    await shoot(page, 'second-factor');

    await page.goto(`${url}/oauth2/logout`);
    await shoot(page, 'logout');

    // What a person sees when an application sends them with a client_id this server does not know.
    await page.goto(`${url}/oauth2/authorize?response_type=code&client_id=no-such-client&scope=openid`);
    await page.locator('details.technical').waitFor();
    await shoot(page, 'error-unknown-client');

    // First-run setup, then the console.
    await page.goto(`${url}/setup`);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Create the admin token' }).click(),
    ]);
    await page.locator('#admin-token').waitFor();
    const token = await page.locator('#admin-token').inputValue();
    await shoot(page, 'setup-done');
    await page.getByRole('link', { name: 'Open the admin console' }).click();
    await page.getByLabel('Admin token (required)').fill(token);
    await Promise.all([
      page.waitForURL(/\/admin\/console$/),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    await shoot(page, 'console-dashboard');
    await page.goto(`${url}/admin/console/clients`);
    await shoot(page, 'console-clients');
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`docs:screenshots: ${error.message}`);
  process.exitCode = 1;
});
