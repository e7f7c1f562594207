import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminApiModule } from './admin/api/admin-api.module';
import { AdminConsoleModule } from './admin/console/admin-console.module';
import { AccountModule } from './account/account.module';
import { FactorsModule } from './factors/factors.module';
import { AuthorizationModule } from './authorization/authorization.module';
import { InteractionModule } from './interaction/interaction.module';
import { CleanupModule } from './cleanup/cleanup.module';
import { OAuthExceptionFilter } from './common/errors/oauth-exception.filter';
import { FastPathModule } from './common/fast-path/fast-path.module';
import { LoggingModule } from './common/logging/logging.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeviceModule } from './device/device.module';
import { DiscoveryModule } from './discovery/discovery.module';
import { FederationModule } from './federation/federation.module';
import { HealthModule } from './health/health.module';
import { IntrospectionModule } from './introspection/introspection.module';
import { KeysModule } from './keys/keys.module';
import { LogoutChannelsModule } from './logout-channels/logout-channels.module';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboxModule } from './outbox/outbox.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { DynamicRegistrationModule } from './registration/dynamic-registration.module';
import { ClientsModule } from './clients/clients.module';
import { ScopesModule } from './scopes/scopes.module';
import { TokenModule } from './token/token.module';
import { UsersModule } from './users/users.module';

/** Feature modules, in the order of the design's module map. */
const FEATURES: DynamicModule['imports'] = [
  UsersModule,
  ClientsModule,
  ScopesModule,
  KeysModule,
  InteractionModule,
  AuthorizationModule,
  TokenModule,
  DeviceModule,
  IntrospectionModule,
  DiscoveryModule,
  DynamicRegistrationModule,
  FederationModule,
  OutboxModule,
  MailModule,
  FactorsModule,
  AccountModule,
  LogoutChannelsModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        FastPathModule,
        DatabaseModule,
        HealthModule,
        MetricsModule.forRoot(config),
        RateLimitModule.forRoot(config),
        CleanupModule,
        ...(FEATURES ?? []),
        AdminApiModule.forRoot(config),
        AdminConsoleModule,
      ],
      providers: [OAuthExceptionFilter, { provide: APP_FILTER, useExisting: OAuthExceptionFilter }],
    };
  }
}
