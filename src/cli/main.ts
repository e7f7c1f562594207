import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { runCli } from './run-cli';

/** `npm run cli -- <command>`: see runCli. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    readStdin: () => text(process.stdin),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`cli: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
