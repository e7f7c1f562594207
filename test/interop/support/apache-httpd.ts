import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../../../src/database/embedded-postgres';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

export interface ApacheSite {
  /** Directives after the common ones (ServerRoot, Listen, logs, DocumentRoot). */
  config: string;
  /** Files to write, by path relative to the server's directory (htdocs/... is the document root). */
  files?: Record<string, string>;
}

export interface ApacheHttpd {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The server's own directory: its config, logs, document root. */
  dir: string;
  errorLog(): string;
  close(): Promise<void>;
}

/**
 * A private Apache httpd (Debian's apache2-bin) on a free loopback port, in the foreground with
 * one process (-X), configured only by the file written here: never the system's service.
 * `site` gets the server's base URL and directory and returns its directives and files.
 */
export async function startApacheHttpd(
  modules: string[],
  site: (url: string, dir: string) => ApacheSite | Promise<ApacheSite>,
): Promise<ApacheHttpd> {
  for (const file of [APACHE, ...modules.map((m) => `${MODULES}/mod_${m}.so`)])
    if (!existsSync(file))
      throw new Error(`${file} is missing: apt-get install apache2-bin libapache2-mod-auth-openidc (as .ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'interop-httpd-'));
  // As root, httpd serves as nobody, who must read the documents and write the module's cache.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { config, files = {} } = await site(url, dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, path), content, { mode: 0o755 });
  }
  mkdirSync(join(dir, 'htdocs'), { recursive: true, mode: 0o755 });
  const conf = join(dir, 'httpd.conf');
  writeFileSync(
    conf,
    [
      `ServerRoot ${dir}`,
      `ServerName 127.0.0.1:${port}`,
      `Listen 127.0.0.1:${port}`,
      `PidFile ${dir}/httpd.pid`,
      `ErrorLog ${dir}/error.log`,
      'LogLevel warn',
      ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
      ...['mpm_event', 'authz_core', 'authn_core', 'mime', ...modules].map(
        (m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`,
      ),
      'TypesConfig /dev/null',
      `DocumentRoot ${dir}/htdocs`,
      config,
    ].join('\n'),
  );
  const httpd = spawn(APACHE, ['-f', conf, '-X'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  httpd.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((ok) => httpd.once('exit', () => ok()));
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  await waitUntilServing(url, exited, () => `${stderr}${errorLog()}`);
  return {
    url,
    dir,
    errorLog,
    close: async () => {
      if (httpd.exitCode === null) {
        httpd.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(url: string, exited: Promise<void>, log: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (const started = Date.now(); Date.now() - started < 10_000;) {
    if (gone) throw new Error(`apache2 exited at start:\n${log()}`);
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
  throw new Error(`apache2 did not answer within 10 s:\n${log()}`);
}
