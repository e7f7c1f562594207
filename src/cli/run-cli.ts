import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { InvalidEnvironmentError } from '../config/environment';
import { loadConfig } from '../config/load-config';
import { CliCommand, UsageError } from './cli-command';
import { ADMIN_TOKEN_COMMANDS } from './commands/admin-token.commands';
import { CLIENTS_COMMANDS } from './commands/clients.commands';
import { DEV_COMMANDS } from './commands/dev.commands';
import { KEYS_COMMANDS } from './commands/keys.commands';
import { SCOPES_COMMANDS } from './commands/scopes.commands';
import { API_RESOURCES_COMMANDS } from './commands/api-resources.commands';
import { USERS_COMMANDS } from './commands/users.commands';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

const COMMANDS: CliCommand[] = [
  ...USERS_COMMANDS,
  ...CLIENTS_COMMANDS,
  ...SCOPES_COMMANDS,
  ...API_RESOURCES_COMMANDS,
  ...KEYS_COMMANDS,
  ...ADMIN_TOKEN_COMMANDS,
  ...DEV_COMMANDS,
];
const GLOBAL_OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export interface CliIo {
  env: Record<string, string | undefined>;
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

function usage(command?: CliCommand): string {
  if (command) return `Usage: cli ${command.name} ${command.usage} [--json]\n${command.summary}`;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(22)} ${c.summary}`);
  return ['Usage: cli <command> [options] [--json]', '', 'Commands:', ...lines].join('\n');
}

function parse(argv: string[]) {
  const name = argv.slice(0, 2).join(' ');
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(argv.length ? `unknown command: ${name}` : 'no command given');
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.slice(2),
      options: { ...command.options, ...GLOBAL_OPTIONS },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
  const given = values as Record<string, unknown>;
  const missing = (command.required ?? []).filter((option) => given[option] === undefined);
  if (!values.help && missing.length)
    throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`, command);
  return { command, values };
}

/**
 * The command line: the same Nest services as the server, in an application context without
 * HTTP. Exit codes: 0 done, 1 failed, 2 wrong arguments. Results go to standard output (JSON
 * with --json), everything else to standard error.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (argv.length === 1 && ['--help', '-h', 'help'].includes(argv[0])) {
      io.out(usage());
      return EXIT_OK;
    }
    io.err(`cli: ${error.message}\n${usage(error.command)}`);
    return EXIT_USAGE;
  }
  const { command, values } = parsed;
  if (values.help) {
    io.out(usage(command));
    return EXIT_OK;
  }

  let app;
  try {
    const config = loadConfig(io.env, (message) => io.err(message));
    // Quiet before forRoot too: a module may log while it is put together (e.g. Metrics in production).
    Logger.overrideLogger(false);
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false, abortOnError: false });
    const result = await command.run({ app, values, readStdin: io.readStdin });
    io.out(values.json ? JSON.stringify(result.data, null, 2) : result.text);
    if (result.notice && !values.json) io.err(result.notice);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`cli: ${error.message}\n${usage(error.command ?? command)}`);
      return EXIT_USAGE;
    }
    io.err(`cli: ${describe(error)}`);
    return EXIT_ERROR;
  } finally {
    await app?.close();
  }
}

function describe(error: unknown): string {
  if (error instanceof InvalidEnvironmentError) return error.message;
  const { code, message } = error as { code?: unknown; message?: string };
  return typeof code === 'string' && message ? `${message} (${code})` : (message ?? String(error));
}
