// Failure counters older than this no longer count (login-throttle.ts restarts them).
import { LOGIN_WINDOW_SECONDS } from '../users/login-throttle';

/**
 * What the cleanup job deletes: rows no request can use any more. One line per rule, in order
 * (tokens before grants, whose rule looks at tokens). `optional` tables are skipped when the
 * schema does not have them yet.
 */
export interface PurgeRule {
  table: string;
  /** SQL condition on the table aliased `t`: true for a row that may go. */
  expired: string;
  optional?: boolean;
}

export const PURGE_RULES: readonly PurgeRule[] = [
  { table: 'authorization_codes', expired: 't.expires_at < now()' },
  { table: 'interactions', expired: 't.expires_at < now()' },
  // Pushed authorization requests (RFC 9126) not used within their minute.
  { table: 'pushed_authorization_requests', expired: 't.expires_at < now()' },
  { table: 'device_codes', expired: 't.expires_at < now()' },
  // Kept a day after logout, so an admin can still see a session that just ended.
  { table: 'sessions', expired: `t.expires_at < now() OR t.ended_at < now() - interval '1 day'` },
  // Access and refresh tokens alike: an expired refresh token can no longer be used or replayed.
  { table: 'tokens', expired: 't.expires_at < now()' },
  {
    table: 'grants',
    expired: `t.expires_at < now()
      AND NOT EXISTS (SELECT 1 FROM tokens k WHERE k.grant_id = t.id AND k.expires_at >= now())`,
  },
  { table: 'used_jtis', expired: 't.expires_at < now()' },
  { table: 'revoked_jtis', expired: 't.expires_at < now()', optional: true },
  {
    table: 'login_attempts',
    expired: `t.last_failure_at < now() - interval '${LOGIN_WINDOW_SECONDS} seconds'
      AND (t.locked_until IS NULL OR t.locked_until < now())`,
  },
  { table: 'initial_access_tokens', expired: 't.expires_at < now()' },
  // Mailed single-use links (password reset, email verification), used or not.
  { table: 'user_action_tokens', expired: 't.expires_at < now()' },
  { table: 'rate_limits', expired: 't.expires_at < now()' },
  { table: 'admin_console_sessions', expired: 't.expires_at < now() OR t.ended_at IS NOT NULL' },
  // Delivered mail holds links (verification, reset) nobody needs after a week; failed deliveries
  // stay a month for operators to look into. Waiting ones are never purged.
  {
    table: 'outbox',
    expired: `(t.state = 'delivered' AND t.delivered_at < now() - interval '7 days')
      OR (t.state = 'failed' AND t.created_at < now() - interval '30 days')`,
  },
];
