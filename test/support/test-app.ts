import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { rmSync } from 'node:fs';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { freePort } from '../../src/database/embedded-postgres';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './database';
import { tempDir } from './temp-dir';

export interface TestApp {
  app: NestExpressApplication;
  /** The issuer and base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  config: AppConfig;
  dataSource: DataSource;
  database: string;
  close(): Promise<void>;
}

export const TEST_SECRETS = {
  KEY_ENCRYPTION_SECRET: 'test-key-encryption-secret-0123456789abcdef',
  COOKIE_SECRET: 'test-cookie-secret-0123456789abcdef0123456789',
};

/**
 * A real server on a real port with a database of its own, built exactly as main.ts builds it.
 * `env` adds or overrides environment variables; `database` reuses one (two replicas);
 * `beforeListen` may add test-only middleware, which runs ahead of every route.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  database?: string,
  beforeListen?: (app: NestExpressApplication) => void,
): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const port = await freePort();
  const dataDir = tempDir('oidc-data-');
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      PORT: String(port),
      ISSUER: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl(db),
      DATABASE_POOL_SIZE: '4',
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...TEST_SECRETS,
      ...env,
    },
    () => undefined,
  );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  beforeListen?.(app);
  // config.port: `env` may name the port, with an ISSUER on it (http://localhost:<port> for WebAuthn).
  await app.listen(config.port, '127.0.0.1');
  return {
    app,
    url: config.issuer,
    config,
    dataSource: app.get(DataSource),
    database: db,
    close: async () => {
      await app.close();
      if (!database) await dropTestDatabase(db);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
