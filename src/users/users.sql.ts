/**
 * The users table as the hot paths of other modules may read it. Access-token verification,
 * userinfo, introspection and refresh check a token and its user in one statement (one round
 * trip, one prepared plan: docs/performance.md), so they join users rather than call
 * UsersService. They write that join only with these fragments (and userClaimsSelectList), so
 * what the users table looks like stays known here; everything else goes through UsersService.
 */
export const UsersSql = {
  /** A join item: the user whose id is `userId` (an SQL expression) as `alias`; use with LEFT JOIN. */
  join: (alias: string, userId: string): string => `users ${alias} ON ${alias}.id = ${userId}`,
  /** True for a joined user who may use what was issued to them: one not disabled. */
  usable: (alias: string): string => `NOT ${alias}.disabled`,
  /** True when a user whose id is `userId` was joined as `alias` (it exists). */
  found: (alias: string): string => `${alias}.id IS NOT NULL`,
  /** The joined user's username (introspection's `username`). */
  username: (alias: string): string => `${alias}.username`,
} as const;
