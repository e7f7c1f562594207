import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';

/*
 * The README's first sign-in, as a newcomer follows it: on a fresh clone of what is committed,
 * each block marked `<!-- readme-test: … -->` runs verbatim in bash, and the browser does what
 * the prose says. `serve <url>` blocks keep running until the URL answers; `run` blocks must
 * exit 0; the `device` block prints a link to confirm in the browser.
 */

jest.setTimeout(600_000);

const REPO = join(__dirname, '..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');

interface MarkedBlock {
  kind: string;
  argument: string;
  script: string;
}

function markedBlocks(): MarkedBlock[] {
  return [...README.matchAll(/<!-- readme-test: (\S+)(?: (\S+))? -->\s*```bash\n([\s\S]*?)```/g)].map(
    ([, kind, argument, script]) => ({ kind, argument: argument ?? '', script }),
  );
}

/** What the prose tells the reader to sign in with. */
function documentedCredentials(): { username: string; password: string } {
  const said = /sign in as `([^`]+)` with the password\s+`([^`]+)`/.exec(README);
  if (!said) throw new Error('the README no longer says whom to sign in as');
  return { username: said[1], password: said[2] };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, () => probe.close(() => resolve(true)));
  });
}

interface Shell {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs a block as a reader pastes it: bash, stopping at the first error, in the clone. */
function shell(script: string, cwd: string, env: NodeJS.ProcessEnv): Shell {
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
    cwd,
    env,
    detached: true, // its own process group, so stopping it stops npm, node and their children
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((ok) => child.on('exit', ok));
  return { child, output: () => out, exited };
}

async function untilAnswers(url: string, running: Shell, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void running.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`exited with ${exitCode} before ${url} answered:\n${running.output()}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer in ${timeoutMs} ms:\n${running.output()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function stop(running: Shell): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  try {
    process.kill(-running.child.pid!, 'SIGINT'); // Ctrl-C, as the README says
  } catch {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    running.exited.then(() => true),
    new Promise<false>((r) => (timer = setTimeout(() => r(false), 20_000))),
  ]);
  clearTimeout(timer);
  if (!stopped) process.kill(-running.child.pid!, 'SIGKILL');
}

/** Goes through the server's sign-in, consent and device pages until `done` holds. */
async function signInAndConfirm(page: Page, credentials: { username: string; password: string }, done: () => boolean) {
  for (let i = 0; i < 6 && !done(); i++) {
    const login = page.getByLabel('Username or email');
    if (await login.isVisible()) {
      await login.fill(credentials.username);
      await page.getByLabel('Password').fill(credentials.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    } else if (await page.getByRole('button', { name: 'Allow' }).isVisible()) {
      await page.getByRole('button', { name: 'Allow' }).click();
    } else if (await page.getByRole('button', { name: /continue|confirm/i }).isVisible()) {
      await page.getByRole('button', { name: /continue|confirm/i }).click();
    } else break;
    await page.waitForLoadState();
  }
}

describe('README: a fresh clone reaches a first sign-in by following it', () => {
  let clone: string;
  let browser: Browser | undefined;
  const running: Shell[] = [];

  beforeAll(async () => {
    for (const port of [3000, 3001])
      if (!(await portIsFree(port)))
        throw new Error(`port ${port} is in use: the README's walkthrough needs it (stop what listens there)`);
    // 0755: as root, the embedded Postgres runs as the postgres user, who must reach ./.data.
    clone = mkdtempSync(join(tmpdir(), 'oidc-readme-'));
    chmodSync(clone, 0o755);
    execFileSync('git', ['clone', '-q', REPO, clone]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const shellRun of running.reverse()) await stop(shellRun);
    await browser?.close();
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('runs each marked block as written, signs alice in on the web app and on the device flow', async () => {
    const blocks = markedBlocks();
    expect(blocks.map((b) => b.kind)).toEqual(['serve', 'run', 'serve', 'device']);
    // A newcomer's shell: none of the test run's database or settings.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
    const credentials = documentedCredentials();
    const page = await browser!.newPage();
    let seedOutput = '';

    for (const block of blocks) {
      const started = shell(block.script, clone, env);
      if (block.kind === 'serve') {
        running.push(started);
        await untilAnswers(block.argument, started, 420_000);
      } else if (block.kind === 'run') {
        const code = await started.exited;
        if (code !== 0) throw new Error(`\`${block.script.trim()}\` exited with ${code}:\n${started.output()}`);
        seedOutput = started.output();
      } else {
        // The device flow: the command prints a link, the browser confirms it, the command prints userinfo.
        running.push(started);
        const deadline = Date.now() + 60_000;
        while (!/\(or open (\S+)\)/.test(started.output()) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 200));
        const link = /\(or open (\S+)\)/.exec(started.output())?.[1];
        if (!link) throw new Error(`the device command printed no link:\n${started.output()}`);
        await page.goto(link);
        let exited = false;
        void started.exited.then(() => (exited = true));
        await signInAndConfirm(page, credentials, () => exited);
        expect(await started.exited).toBe(0);
        const printed = JSON.parse(started.output().trim().split('\n').pop()!);
        expect(printed).toMatchObject({ userinfo: { preferred_username: credentials.username } });
        continue;
      }

      if (block.argument === 'http://localhost:3001/') {
        // What the prose says: follow Sign in, sign in, Allow; the page shows who signed in.
        expect(seedOutput).toContain(credentials.password);
        await page.goto('http://localhost:3001');
        await page.getByRole('link', { name: 'Sign in' }).click();
        await signInAndConfirm(page, credentials, () => page.url().startsWith('http://localhost:3001'));
        await page.waitForURL('http://localhost:3001/');
        expect(await page.locator('#subject').textContent()).toBe(credentials.username);
        await page.getByRole('link', { name: 'Profile (userinfo)' }).click();
        expect(JSON.parse((await page.locator('#userinfo').textContent())!)).toMatchObject({
          preferred_username: credentials.username,
          email: 'alice@example.com',
        });
      }
    }
  });
});
