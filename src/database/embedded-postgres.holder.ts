import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { EmbeddedPostgres } from './embedded-postgres';

const DATABASE = 'oidc';

/** Starts the development database when DATABASE_URL is unset, and stops it with the app. */
@Injectable()
export class EmbeddedPostgresHolder implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private server?: EmbeddedPostgres;

  async start(dataDir: string, production: boolean): Promise<string> {
    // A production database is the operator's: never a development one started on the side.
    if (production)
      throw new Error(
        'NODE_ENV=production needs DATABASE_URL (postgres://user:password@host:5432/database): ' +
          'the embedded Postgres is for development only and is never started in production',
      );
    // Loaded here, not imported at the top: the production path never touches it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startEmbeddedPostgres } = require('./embedded-postgres') as typeof import('./embedded-postgres');
    const server = await startEmbeddedPostgres(dataDir, (m) => this.logger.warn(m));
    this.server = server;
    const admin = new Client({ connectionString: server.url() });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    return server.url(DATABASE);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
  }
}
