import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedPostgresHolder } from './embedded-postgres.holder';
import { runMigrationsLocked } from './migrations';

@Global()
@Module({
  providers: [EmbeddedPostgresHolder],
  exports: [EmbeddedPostgresHolder],
})
class EmbeddedPostgresModule {}

/** The one DataSource: the configured Postgres, or the embedded one; migrated before use. */
@Module({
  imports: [
    EmbeddedPostgresModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig, EmbeddedPostgresHolder],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgresHolder) => {
        const url = config.databaseUrl ?? (await embedded.start(config.embeddedDbDir, config.production));
        return { ...dataSourceOptions(url, config.databasePoolSize), autoLoadEntities: true };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const ran = await runMigrationsLocked(dataSource);
        if (ran.length > 0) new Logger('Database').log(`Ran migrations: ${ran.join(', ')}`);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
