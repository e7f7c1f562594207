import { CONSOLE_SESSIONS_PURGE } from '../admin/console/auth/console-session.entity';
import { INTERACTIONS_PURGE } from '../interaction/store/interaction.entity';
import { SESSIONS_PURGE } from '../interaction/session/browser-session.entity';
import { PUSHED_REQUESTS_PURGE } from '../authorization/par/pushed-request.entity';
import { USED_JTIS_PURGE } from '../common/replay/used-jti.entity';
import type { PurgeRule } from '../database/purge-rule';
import { DEVICE_CODES_PURGE } from '../token/device-codes/device-code.entity';
import { OUTBOX_PURGE } from '../outbox/outbox-delivery.entity';
import { RATE_LIMITS_PURGE } from '../rate-limit/postgres-window.storage';
import { INITIAL_ACCESS_TOKENS_PURGE } from '../registration/initial-access-token.entity';
import { AUTHORIZATION_CODES_PURGE } from '../token/entities/authorization-code.entity';
import { GRANTS_PURGE } from '../token/authorization-grants/authorization-grant.entity';
import { REVOKED_JTIS_PURGE } from '../token/entities/revoked-jti.entity';
import { TOKENS_PURGE } from '../token/entities/token.entity';
import { LOGIN_ATTEMPTS_PURGE } from '../users/failure-throttle';
import { USER_ACTION_TOKENS_PURGE } from '../account/tokens/user-action-token.entity';
import { TOTP_FACTORS_PURGE } from '../factors/totp/totp-factor.entity';

export type { PurgeRule } from '../database/purge-rule';

/**
 * What the cleanup job deletes, one rule per table, each declared by the module that owns the
 * table, beside its entity. In order: tokens before grants, whose rule looks at tokens.
 */
export const PURGE_RULES: readonly PurgeRule[] = [
  AUTHORIZATION_CODES_PURGE,
  INTERACTIONS_PURGE,
  PUSHED_REQUESTS_PURGE,
  DEVICE_CODES_PURGE,
  SESSIONS_PURGE,
  TOKENS_PURGE,
  GRANTS_PURGE,
  USED_JTIS_PURGE,
  REVOKED_JTIS_PURGE,
  LOGIN_ATTEMPTS_PURGE,
  INITIAL_ACCESS_TOKENS_PURGE,
  USER_ACTION_TOKENS_PURGE,
  RATE_LIMITS_PURGE,
  CONSOLE_SESSIONS_PURGE,
  OUTBOX_PURGE,
  TOTP_FACTORS_PURGE,
];
