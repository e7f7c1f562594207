import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountModule } from '../account/account.module';
import { AuditModule } from '../audit/audit.module';
import { FactorsModule } from '../factors/factors.module';
import { InteractionModule } from '../interaction/interaction.module';
import { ClientsModule } from '../clients/clients.module';
import { FederationModule } from '../federation/federation.module';
import { KeysModule } from '../keys/keys.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DynamicRegistrationModule } from '../registration/dynamic-registration.module';
import { ScopesModule } from '../scopes/scopes.module';
import { TokenModule } from '../token/token.module';
import { TrustedIssuersModule } from '../trusted-issuers/trusted-issuers.module';
import { UsersModule } from '../users/users.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AdminGroupsService } from './access/admin-groups.service';
import { AdminRolesService } from './access/admin-roles.service';
import { AdminAuditService } from './audit/admin-audit.service';
import { AdminClientsService } from './clients/admin-clients.service';
import { AdminCredential } from './credentials/admin-credential.entity';
import { AdminCredentialStore } from './credentials/admin-credential.store';
import { AdminCredentialsService } from './credentials/admin-credentials.service';
import { DevToolsService } from './dev/dev-tools.service';
import { AdminKeysService } from './keys/admin-keys.service';
import { AdminOutboxService } from './outbox/admin-outbox.service';
import { AdminInitialAccessTokensService } from './registration/admin-initial-access-tokens.service';
import { AdminScopesService } from './scopes/admin-scopes.service';
import { AdminApiResourcesService } from './api-resources/admin-api-resources.service';
import { FirstRunSetup } from './setup/first-run-setup.service';
import { AdminTrustedIssuersService } from './trusted-issuers/admin-trusted-issuers.service';
import { AdminUpstreamProvidersService } from './upstream-providers/admin-upstream-providers.service';
import { AdminAccountSettingsService } from './account-settings/admin-account-settings.service';
import { AdminUserFactorsService } from './users/admin-user-factors.service';
import { AdminUserMailService } from './users/admin-user-mail.service';
import { AdminUsersService } from './users/admin-users.service';
import { UserAccessRecords } from './users/user-access-records';
import { AdminWebhooksService } from './webhooks/admin-webhooks.service';

const ADMIN_SERVICES = [
  AdminCredentialStore,
  AdminCredentialsService,
  FirstRunSetup,
  AdminClientsService,
  AdminUsersService,
  AdminUserMailService,
  AdminUserFactorsService,
  AdminAccountSettingsService,
  UserAccessRecords,
  AdminScopesService,
  AdminApiResourcesService,
  AdminKeysService,
  AdminInitialAccessTokensService,
  AdminAuditService,
  AdminUpstreamProvidersService,
  AdminTrustedIssuersService,
  AdminOutboxService,
  AdminGroupsService,
  AdminRolesService,
  AdminWebhooksService,
  // The CLI's `dev seed` uses it; the HTTP routes exist only when dev endpoints are on (AdminApiModule).
  DevToolsService,
];

/**
 * The admin services: each wraps a domain service with the admin's audit trail, DTOs and
 * errors. The admin API (./api), the admin console (./console), SCIM and the CLI all work
 * through these; none of them goes through another's controllers.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AdminCredential]),
    AuditModule,
    UsersModule,
    ClientsModule,
    ScopesModule,
    KeysModule,
    TokenModule,
    // A user's sessions and consents (UserAccessRecords) through their owner.
    InteractionModule,
    DynamicRegistrationModule,
    FederationModule,
    TrustedIssuersModule,
    OutboxModule,
    WebhooksModule,
    // Verification and reset links an administrator sends.
    AccountModule,
    // A user's second factors: which they have, and the reset.
    FactorsModule,
  ],
  providers: ADMIN_SERVICES,
  exports: ADMIN_SERVICES,
})
export class AdminModule {}
