import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { recordingPgDriver } from './database-pool';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** The one set of TypeORM options: the app, the migration CLI and the tests all use it. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // pg itself, with a Pool that records itself for preparedQuery and the pool gauges (database-pool.ts).
    driver: recordingPgDriver(),
    entities: [], // registered per module with TypeOrmModule.forFeature (autoLoadEntities)
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
    logging: false,
  };
}
