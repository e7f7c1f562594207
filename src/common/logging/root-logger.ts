import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The process's one pino logger: JSON lines on stdout, written synchronously, with the level as
 * its name ("info", "warn"), as every other line the process writes has it.
 */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, formatters: { level: (label: string) => ({ level: label }) } };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest injection token of the root pino logger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
