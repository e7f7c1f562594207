import { AdminAccountSettingsController } from './account-settings/admin-account-settings.controller';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../audit/audit.module';
import { ClientsModule } from '../../clients/clients.module';
import { CsrfGuard } from '../../common/http/csrf.guard';
import { AdminConfig } from '../../config/admin.config';
import type { AppConfig } from '../../config/app-config';
import { MailModule } from '../../mail/mail.module';
import { SCIM_CONTROLLERS, SCIM_ENTITIES, SCIM_PROVIDERS } from '../../scim/scim.parts';
import { TokenModule } from '../../token/token.module';
import { UsersModule } from '../../users/users.module';
import { AdminModule } from '../admin.module';
import { AdminAccessClaimsController } from './access/admin-access-claims.controller';
import { AdminGroupsController } from './access/admin-groups.controller';
import { AdminRolesController } from './access/admin-roles.controller';
import { AdminAuditController } from './audit/admin-audit.controller';
import { AdminAccessTokenStrategy } from './auth/admin-access-token.strategy';
import { AdminGuard } from './auth/admin.guard';
import { VerifiedAdminAccessTokens } from './auth/verified-admin-access-tokens';
import { AdminClientsController } from './clients/admin-clients.controller';
import { AdminCredentialsController } from './credentials/admin-credentials.controller';
import { DevController } from './dev/dev.controller';
import { AdminKeysController } from './keys/admin-keys.controller';
import { AdminMailController } from './mail/admin-mail.controller';
import { AdminOutboxController } from './outbox/admin-outbox.controller';
import { AdminInitialAccessTokensController } from './registration/admin-initial-access-tokens.controller';
import { AdminScimTokensController } from './scim/admin-scim-tokens.controller';
import { AdminScopesController } from './scopes/admin-scopes.controller';
import { AdminApiResourcesController } from './api-resources/admin-api-resources.controller';
import { SetupController } from './setup/setup.controller';
import { AdminTrustedIssuersController } from './trusted-issuers/admin-trusted-issuers.controller';
import { AdminUpstreamProvidersController } from './upstream-providers/admin-upstream-providers.controller';
import { AdminUsersController } from './users/admin-users.controller';
import { AdminWebhooksController } from './webhooks/admin-webhooks.controller';

/**
 * First-run setup, admin authentication and the Swagger-documented admin REST API (the
 * document covers this module's controllers, see swagger.ts). Controllers are decorators and
 * one call into the admin services (AdminModule). Also hosts SCIM (/scim/v2).
 */
@Module({})
export class AdminApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    const dev = config.slice(AdminConfig).devEndpoints;
    return {
      module: AdminApiModule,
      imports: [
        TypeOrmModule.forFeature([...SCIM_ENTITIES]),
        AdminModule,
        AuditModule,
        UsersModule,
        MailModule,
        // Admin access tokens: client_credentials tokens with the admin scope.
        ClientsModule,
        TokenModule,
      ],
      controllers: [
        SetupController,
        AdminCredentialsController,
        AdminClientsController,
        AdminUsersController,
        AdminScopesController,
        AdminApiResourcesController,
        AdminKeysController,
        AdminInitialAccessTokensController,
        AdminAuditController,
        AdminUpstreamProvidersController,
        AdminTrustedIssuersController,
        AdminOutboxController,
        AdminMailController,
        AdminAccountSettingsController,
        AdminGroupsController,
        AdminRolesController,
        AdminAccessClaimsController,
        AdminWebhooksController,
        // Left out, not merely guarded, when off: the routes and their docs do not exist.
        ...(dev ? [DevController] : []),
        AdminScimTokensController,
        ...SCIM_CONTROLLERS,
      ],
      providers: [
        { provide: AdminAccessTokenStrategy, useClass: VerifiedAdminAccessTokens },
        AdminGuard,
        CsrfGuard,
        ...SCIM_PROVIDERS,
      ],
    };
  }
}
