import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './support/temp-dir';

const LAUNCHER = join(__dirname, '..', 'scripts', 'cli.js');

/**
 * A copy of the launcher in a project of its own: a built entry point that echoes its arguments
 * and a stand-in `tsc` that only records that it ran, so what is proven is when it compiles.
 */
function project() {
  const root = tempDir('oidc-cli-launcher-');
  const file = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  mkdirSync(join(root, 'scripts'));
  copyFileSync(LAUNCHER, join(root, 'scripts', 'cli.js'));
  file('src/users.ts', 'export const x = 1;\n');
  file('tsconfig.build.json', '{}\n');
  file('package.json', '{ "name": "launcher-test" }\n');
  file('node_modules/typescript/package.json', '{ "name": "typescript" }\n');
  file(
    'node_modules/typescript/bin/tsc',
    `require('node:fs').appendFileSync(${JSON.stringify(join(root, 'tsc-runs'))}, 'ran\\n');\n`,
  );
  file('dist/src/cli/main.js', "process.stdout.write('ran: ' + process.argv.slice(2).join(' ') + '\\n');\n");
  const past = new Date(Date.now() - 60_000);
  for (const path of ['src/users.ts', 'src', 'tsconfig.build.json', 'package.json'])
    utimesSync(join(root, path), past, past);
  const built = new Date(Date.now() - 30_000);
  utimesSync(join(root, 'dist/src/cli/main.js'), built, built);
  return {
    run: (...args: string[]) =>
      execFileSync(process.execPath, [join(root, 'scripts', 'cli.js'), ...args], {
        encoding: 'utf8',
        stdio: 'pipe',
        env: { PATH: process.env.PATH },
      }),
    compilations: () =>
      existsSync(join(root, 'tsc-runs')) ? readFileSync(join(root, 'tsc-runs'), 'utf8').split('\n').length - 1 : 0,
    touchSource: () => writeFileSync(join(root, 'src', 'users.ts'), 'export const x = 2;\n'),
  };
}

describe('npm run cli (scripts/cli.js)', () => {
  it('runs the built CLI with its arguments and does not compile when the build is newer than src/', () => {
    const p = project();
    expect(p.run('users', 'list', '--json')).toBe('ran: users list --json\n');
    expect(p.compilations()).toBe(0);
  });

  it('compiles once when a source changed since the build, then no more', () => {
    const p = project();
    p.touchSource();
    expect(p.run('users', 'list')).toBe('ran: users list\n');
    expect(p.compilations()).toBe(1);
    expect(p.run('users', 'list')).toBe('ran: users list\n');
    expect(p.compilations()).toBe(1);
  });
});
