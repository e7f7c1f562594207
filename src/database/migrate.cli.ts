import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './migrations';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL and exits. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, (m) => console.warn(m));
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set to run migrations from the command line');
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
  try {
    const ran = await runMigrationsLocked(dataSource);
    console.log(ran.length ? `Ran migrations: ${ran.join(', ')}` : 'No pending migrations');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
