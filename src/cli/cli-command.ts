import type { INestApplicationContext } from '@nestjs/common';
import type { ParseArgsConfig } from 'node:util';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;
export type CliValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** What a command gets: the Nest services, its parsed options, and standard input. */
export interface CliContext {
  app: INestApplicationContext;
  values: CliValues;
  readStdin(): Promise<string>;
}

/** What a command returns: data for --json, and the lines a person reads. */
export interface CliResult {
  data: unknown;
  text: string;
  /** Said to the person on standard error, never mixed into the output. */
  notice?: string;
}

/** One `<group> <action>` command, e.g. `users create`. */
export interface CliCommand {
  name: string;
  summary: string;
  /** The option part of the usage line, e.g. `--username <name> [--email <address>]`. */
  usage: string;
  options: CliOptions;
  /** Options that must be given. */
  required?: string[];
  run(context: CliContext): Promise<CliResult>;
}

/** Wrong arguments: exit code 2, with the usage of the command, when known. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CliCommand,
  ) {
    super(message);
  }
}
