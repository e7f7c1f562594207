import type { ConfigSlice } from './config-slice';
import { ACCOUNT_CONFIG } from './account.config';
import { ADMIN_CONFIG } from './admin.config';
import { AUTHORIZATION_CONFIG } from './authorization.config';
import { BRANDING_CONFIG } from './branding.config';
import { CLEANUP_CONFIG } from './cleanup.config';
import { DEVICE_CONFIG } from './device.config';
import { INTERACTION_CONFIG } from './interaction.config';
import { KEYS_CONFIG } from './keys.config';
import { MAIL_CONFIG } from './mail.config';
import { METRICS_CONFIG } from './metrics.config';
import { OUTBOUND_CONFIG } from './outbound.config';
import { OUTBOX_CONFIG } from './outbox.config';
import { RATE_LIMIT_CONFIG } from './rate-limit.config';
import { REGISTRATION_CONFIG } from './registration.config';
import { SHUTDOWN_CONFIG } from './shutdown.config';
import { TOKEN_CONFIG } from './token.config';
import { USERS_CONFIG } from './users.config';

/**
 * The modules' configuration slices, all validated at start with the core variables. Each is one
 * file here named for its module (`<module>.config.ts`), holding only what that module reads; the
 * module injects its settings class instead of AppConfig. They live in this folder because the
 * configuration imports no feature module (eslint.config.mjs).
 */
export const CONFIG_SLICES: readonly ConfigSlice[] = [
  METRICS_CONFIG,
  RATE_LIMIT_CONFIG,
  SHUTDOWN_CONFIG,
  CLEANUP_CONFIG,
  DEVICE_CONFIG,
  OUTBOX_CONFIG,
  TOKEN_CONFIG,
  INTERACTION_CONFIG,
  REGISTRATION_CONFIG,
  AUTHORIZATION_CONFIG,
  MAIL_CONFIG,
  BRANDING_CONFIG,
  OUTBOUND_CONFIG,
  USERS_CONFIG,
  ACCOUNT_CONFIG,
  KEYS_CONFIG,
  ADMIN_CONFIG,
] as ConfigSlice[];
