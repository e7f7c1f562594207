import { Logger, type INestApplication } from '@nestjs/common';
import { CONSOLE_PATH } from './admin/console/console-paths';
import { FirstRunSetup } from './admin/setup/first-run-setup.service';
import type { AppConfig } from './config/app-config';

/**
 * The lines a person starting the server needs: where it listens, where relying parties find
 * it, and on a fresh install where to finish setting it up.
 */
export async function announceStart(app: INestApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('Server');
  logger.log(`Listening on ${config.host}:${config.port}; issuer ${config.issuer}`);
  logger.log(`Discovery: ${config.issuer}/.well-known/openid-configuration`);
  if (await app.get(FirstRunSetup).isOpen())
    logger.warn(
      `No administrator yet: finish setup at ${config.issuer}/setup ` +
        '(or make an admin token with `npm run cli -- admin-token rotate`)',
    );
  else logger.log(`Admin console: ${config.issuer}${CONSOLE_PATH}`);
}
