import { ScimAuthGuard } from './scim-auth.guard';
import { ScimDiscoveryController } from './scim-discovery.controller';
import { ScimGroupsController } from './scim-groups.controller';
import { ScimGroupsService } from './scim-groups.service';
import { ScimToken } from './scim-token.entity';
import { ScimTokensService } from './scim-tokens.service';
import { ScimUnknownPathsController } from './scim-unknown-paths.controller';
import { ScimUsersController } from './scim-users.controller';
import { ScimUsersService } from './scim-users.service';

/**
 * SCIM 2.0 provisioning (RFC 7643, 7644) at /scim/v2. Hosted by AdminApiModule: every change
 * goes through the admin services (AdminModule), so provisioning is audited and deprovisioning
 * takes the same disable path (sessions ended, tokens revoked) as an administrator's. Its
 * tokens are managed through the admin API (src/admin/api/scim).
 */
export const SCIM_ENTITIES = [ScimToken];
// The unknown paths' catch-all last: Express tries routes in the order they are registered.
export const SCIM_CONTROLLERS = [
  ScimDiscoveryController,
  ScimUsersController,
  ScimGroupsController,
  ScimUnknownPathsController,
];
export const SCIM_PROVIDERS = [ScimTokensService, ScimAuthGuard, ScimUsersService, ScimGroupsService];
