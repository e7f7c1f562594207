import { ConsoleAccountSettingsController } from './account-settings/console-account-settings.controller';
import { ConsoleGroupsController } from './access/console-groups.controller';
import { ConsoleRolesController } from './access/console-roles.controller';
import { ConsoleAuditController } from './audit/console-audit.controller';
import { ConsoleAuthGuard } from './auth/console-auth.guard';
import { ConsoleAuthenticator } from './auth/console-authenticator';
import { ConsoleSession } from './auth/console-session.entity';
import { ConsoleSessionStore } from './auth/console-session.store';
import { ConsoleSignInController } from './auth/console-sign-in.controller';
import { ConsoleSignInService } from './auth/console-sign-in.service';
import { ConsoleSignInSteps } from './auth/console-sign-in-steps';
import { ConsoleSignInStepsController } from './auth/console-sign-in-steps.controller';
import { ConsoleClientsController } from './clients/console-clients.controller';
import { ConsoleRedirectController } from './console-redirect.controller';
import { ActivityCounts } from './dashboard/activity-counts';
import { ConsoleDashboardController } from './dashboard/console-dashboard.controller';
import { ConsoleExceptionFilter } from './http/console-exception.filter';
import { ConsoleView } from './http/console-view';
import { ConsoleKeysController } from './keys/console-keys.controller';
import { ConsoleLogoutDeliveriesController } from './logout/console-logout-deliveries.controller';
import { ConsoleMailController } from './mail/console-mail.controller';
import { ConsoleScopesController } from './scopes/console-scopes.controller';
import { ConsoleApiResourcesController } from './api-resources/console-api-resources.controller';
import { ConsoleUserAccessController } from './users/console-user-access.controller';
import { ConsoleUsersController } from './users/console-users.controller';
import { ConsoleWebhooksController } from './webhooks/console-webhooks.controller';

/**
 * The admin console's own pieces, which AdminConsoleModule (admin-console.module.ts) hosts on
 * the admin services (AdminModule): the same services and audit trail the admin API uses.
 */
export const CONSOLE_ENTITIES = [ConsoleSession];

export const CONSOLE_CONTROLLERS = [
  ConsoleRedirectController,
  ConsoleSignInController,
  ConsoleSignInStepsController,
  ConsoleDashboardController,
  ConsoleClientsController,
  ConsoleUsersController,
  ConsoleUserAccessController,
  ConsoleGroupsController,
  ConsoleRolesController,
  ConsoleScopesController,
  ConsoleApiResourcesController,
  ConsoleKeysController,
  ConsoleAuditController,
  ConsoleMailController,
  ConsoleLogoutDeliveriesController,
  ConsoleWebhooksController,
  ConsoleAccountSettingsController,
];

export const CONSOLE_PROVIDERS = [
  ConsoleSessionStore,
  ConsoleAuthenticator,
  ConsoleAuthGuard,
  ConsoleSignInService,
  ConsoleSignInSteps,
  ConsoleView,
  ConsoleExceptionFilter,
  ActivityCounts,
];
