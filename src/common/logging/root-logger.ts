import pino, { type Logger } from 'pino';

/** The process's one pino logger: JSON lines on stdout, written synchronously. */
export function createRootLogger(level: string): Logger {
  return pino({ level });
}

/** Nest injection token of the root pino logger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
