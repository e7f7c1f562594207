import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../../config/app-config';
import { NestPinoLogger } from './nest-pino-logger';
import { createRootLogger, ROOT_LOGGER } from './root-logger';

/** The root pino logger, and Nest's logger on it (main.ts installs it with app.useLogger). */
@Global()
@Module({
  providers: [
    { provide: ROOT_LOGGER, inject: [AppConfig], useFactory: (config: AppConfig) => createRootLogger(config.logLevel) },
    { provide: NestPinoLogger, inject: [ROOT_LOGGER], useFactory: (logger: Logger) => new NestPinoLogger(logger) },
  ],
  exports: [ROOT_LOGGER, NestPinoLogger],
})
export class LoggingModule {}
