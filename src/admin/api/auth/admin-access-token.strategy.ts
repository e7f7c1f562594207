/** What a bearer access token is worth to the admin API. */
export type AdminAccessTokenCheck =
  | { status: 'admin'; clientId: string }
  | { status: 'insufficient_scope'; description: string }
  | { status: 'invalid'; description?: string };

/**
 * The second way into the admin API, next to admin credentials: an access token this server
 * issued. Kept apart from the guard so how tokens are verified can change on its own.
 */
export abstract class AdminAccessTokenStrategy {
  abstract check(token: string): Promise<AdminAccessTokenCheck>;
}
