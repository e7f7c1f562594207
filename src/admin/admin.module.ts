import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthorizationModule } from '../authorization/authorization.module';
import { ClientsModule } from '../clients/clients.module';
import { CsrfGuard } from '../common/http/csrf.guard';
import type { AppConfig } from '../config/app-config';
import { FederationModule } from '../federation/federation.module';
import { KeysModule } from '../keys/keys.module';
import { MailModule } from '../mail/mail.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DynamicRegistrationModule } from '../registration/dynamic-registration.module';
import { ScopesModule } from '../scopes/scopes.module';
import { TokenModule } from '../token/token.module';
import { TrustedIssuersModule } from '../trusted-issuers/trusted-issuers.module';
import { SCIM_CONTROLLERS, SCIM_ENTITIES, SCIM_PROVIDERS } from '../scim/scim.parts';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AdminWebhooksController } from './webhooks/admin-webhooks.controller';
import { AdminWebhooksService } from './webhooks/admin-webhooks.service';
import { UsersModule } from '../users/users.module';
import { AdminAccessClaimsController } from './access/admin-access-claims.controller';
import { AdminGroupsController } from './access/admin-groups.controller';
import { AdminGroupsService } from './access/admin-groups.service';
import { AdminRolesController } from './access/admin-roles.controller';
import { AdminRolesService } from './access/admin-roles.service';
import { AdminAuditController } from './audit/admin-audit.controller';
import { AdminAuditService } from './audit/admin-audit.service';
import { AdminAccessTokenStrategy } from './auth/admin-access-token.strategy';
import { AdminGuard } from './auth/admin.guard';
import { VerifiedAdminAccessTokens } from './auth/verified-admin-access-tokens';
import { AdminClientsController } from './clients/admin-clients.controller';
import { AdminClientsService } from './clients/admin-clients.service';
import { CONSOLE_CONTROLLERS, CONSOLE_ENTITIES, CONSOLE_PROVIDERS } from './console/admin-console.parts';
import { AdminCredential } from './credentials/admin-credential.entity';
import { AdminCredentialStore } from './credentials/admin-credential.store';
import { AdminCredentialsController } from './credentials/admin-credentials.controller';
import { AdminCredentialsService } from './credentials/admin-credentials.service';
import { DevController } from './dev/dev.controller';
import { DevToolsService } from './dev/dev-tools.service';
import { AdminKeysController } from './keys/admin-keys.controller';
import { AdminKeysService } from './keys/admin-keys.service';
import { AdminMailController } from './mail/admin-mail.controller';
import { AdminOutboxController } from './outbox/admin-outbox.controller';
import { AdminOutboxService } from './outbox/admin-outbox.service';
import { AdminInitialAccessTokensController } from './registration/admin-initial-access-tokens.controller';
import { AdminInitialAccessTokensService } from './registration/admin-initial-access-tokens.service';
import { AdminScopesController } from './scopes/admin-scopes.controller';
import { AdminScopesService } from './scopes/admin-scopes.service';
import { AdminUpstreamProvidersController } from './upstream-providers/admin-upstream-providers.controller';
import { AdminUpstreamProvidersService } from './upstream-providers/admin-upstream-providers.service';
import { SetupController } from './setup/setup.controller';
import { AdminTrustedIssuersController } from './trusted-issuers/admin-trusted-issuers.controller';
import { AdminTrustedIssuersService } from './trusted-issuers/admin-trusted-issuers.service';
import { FirstRunSetup } from './setup/first-run-setup.service';
import { AdminUsersController } from './users/admin-users.controller';
import { AdminUsersService } from './users/admin-users.service';
import { UserAccessRecords } from './users/user-access-records';

/** First-run setup, admin authentication and the admin REST API; exported services serve the CLI too. */
@Module({})
export class AdminModule {
  static forRoot(config: AppConfig): DynamicModule {
    const dev = config.enableDevEndpoints;
    return {
      module: AdminModule,
      imports: [
        TypeOrmModule.forFeature([AdminCredential, ...CONSOLE_ENTITIES, ...SCIM_ENTITIES]),
        AuditModule,
        UsersModule,
        ClientsModule,
        ScopesModule,
        KeysModule,
        TokenModule,
        DynamicRegistrationModule,
        FederationModule,
        TrustedIssuersModule,
        OutboxModule,
        MailModule,
        WebhooksModule,
        // The console signs admins in with this server's own browser sessions.
        AuthorizationModule,
      ],
      controllers: [
        SetupController,
        AdminCredentialsController,
        AdminClientsController,
        AdminUsersController,
        AdminScopesController,
        AdminKeysController,
        AdminInitialAccessTokensController,
        AdminAuditController,
        AdminUpstreamProvidersController,
        AdminTrustedIssuersController,
        AdminOutboxController,
        AdminMailController,
        AdminGroupsController,
        AdminRolesController,
        AdminAccessClaimsController,
        AdminWebhooksController,
        // Left out, not merely guarded, when off: the routes and their docs do not exist.
        ...(dev ? [DevController] : []),
        ...CONSOLE_CONTROLLERS,
        ...SCIM_CONTROLLERS,
      ],
      providers: [
        AdminCredentialStore,
        AdminCredentialsService,
        { provide: AdminAccessTokenStrategy, useClass: VerifiedAdminAccessTokens },
        AdminGuard,
        CsrfGuard,
        FirstRunSetup,
        AdminClientsService,
        AdminUsersService,
        UserAccessRecords,
        AdminScopesService,
        AdminKeysService,
        AdminInitialAccessTokensService,
        AdminAuditService,
        AdminUpstreamProvidersService,
        AdminTrustedIssuersService,
        AdminOutboxService,
        AdminGroupsService,
        AdminRolesService,
        AdminWebhooksService,
        // Always provided: the CLI's `dev seed` uses it; the HTTP routes exist only when on.
        DevToolsService,
        ...CONSOLE_PROVIDERS,
        ...SCIM_PROVIDERS,
      ],
      exports: [
        AdminCredentialsService,
        AdminClientsService,
        AdminUsersService,
        AdminScopesService,
        AdminKeysService,
        DevToolsService,
        FirstRunSetup,
      ],
    };
  }
}
