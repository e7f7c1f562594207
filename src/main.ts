import 'reflect-metadata';
// First: tracing (when configured) must patch http, express and pg before they load.
import { tracing } from './telemetry/start-tracing';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { announceStart } from './app.announce';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { NestPinoLogger } from './common/logging/nest-pino-logger';
import { createRootLogger } from './common/logging/root-logger';
import { InvalidEnvironmentError } from './config/environment';
import { loadConfig } from './config/load-config';
import { installGracefulShutdown } from './health/graceful-shutdown';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // Before the logger exists: the same JSON line shape pino writes (root-logger.ts).
  const warn = (msg: string) => console.warn(JSON.stringify({ level: 'warn', time: Date.now(), msg }));
  const config = loadConfig(process.env, warn);
  // Nest's own lines, a failed boot's too, in the same JSON shape as every other (level names).
  const logger = new NestPinoLogger(createRootLogger(config.logLevel));
  Logger.overrideLogger(logger); // before forRoot: modules may log while they are put together
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger });
  configureApp(app, config);
  await app.listen(config.port, config.host);
  installGracefulShutdown(app, () => tracing?.shutdown());
  await announceStart(app, config);
}

bootstrap().catch((e: unknown) => {
  if (e instanceof InvalidEnvironmentError) {
    console.error(e.message);
  } else {
    console.error('The server failed to start:', e instanceof Error ? e.message : e);
  }
  process.exit(1);
});
