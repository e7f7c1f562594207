import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { OAuthExceptionFilter } from './common/errors/oauth-exception.filter';
import { LoggingModule } from './common/logging/logging.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DiscoveryModule } from './discovery/discovery.module';
import { HealthModule } from './health/health.module';
import { KeysModule } from './keys/keys.module';
import { ClientsModule } from './clients/clients.module';
import { ScopesModule } from './scopes/scopes.module';
import { UsersModule } from './users/users.module';

/** Feature modules, in the order of the design's module map. */
const FEATURES: DynamicModule['imports'] = [UsersModule, ClientsModule, ScopesModule, KeysModule, DiscoveryModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(config), LoggingModule, DatabaseModule, HealthModule, ...(FEATURES ?? [])],
      providers: [{ provide: APP_FILTER, useClass: OAuthExceptionFilter }],
    };
  }
}
