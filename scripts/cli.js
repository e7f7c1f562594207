#!/usr/bin/env node
'use strict';
/**
 * `npm run cli -- <command>`: runs the built CLI (dist/src/cli/main.js), compiling first only
 * when a source is newer than the last build. A warm command then costs one Node start and one
 * Nest application context, not a full TypeScript compilation.
 */
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const STAMP = join(ROOT, 'dist', '.cli-build-stamp');
const INPUTS = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time under a file or folder (.ts sources and config files). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() || entry.name.endsWith('.ts')) latest = Math.max(latest, newest(join(path, entry.name)));
  }
  return latest;
}

function builtAt() {
  const times = [ENTRY, STAMP].filter(existsSync).map((f) => statSync(f).mtimeMs);
  return existsSync(ENTRY) ? Math.max(...times) : 0;
}

function buildIfStale() {
  const sources = Math.max(...INPUTS.map((p) => newest(join(ROOT, p))));
  if (builtAt() >= sources) return;
  process.stderr.write('cli: sources changed since the last build; compiling (tsc -p tsconfig.build.json)...\n');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  // Output only on failure: the compiler's errors go to standard error, never into a command's result.
  try {
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}cli: the build failed\n`);
    process.exit(1);
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.env.CLI_SKIP_BUILD !== '1') buildIfStale();
// Node 22.1+ keeps compiled code between runs (dist and node_modules): a command starts faster.
require('node:module').enableCompileCache?.();
require(ENTRY);
