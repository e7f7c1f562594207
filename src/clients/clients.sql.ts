/**
 * The clients table as access-token verification may read it: a JWT access token is checked
 * against its client (still registered, and registered before the token was issued) in the same
 * statement as its grant and user (one round trip, one prepared plan: docs/performance.md).
 * That statement names the clients table only through these fragments, so what the table looks
 * like stays known here; everything else goes through ClientsService.
 */
export const ClientsSql = {
  /** A FROM item: the clients table as `alias`. */
  table: (alias: string): string => `clients ${alias}`,
  /**
   * True for the client `clientId` (an SQL expression) when it was registered before
   * `epochSeconds` (an SQL expression, seconds since the epoch, by the database's clock).
   */
  registeredBefore: (alias: string, clientId: string, epochSeconds: string): string =>
    `${alias}.client_id = ${clientId} AND ${alias}.created_at < to_timestamp(${epochSeconds})`,
} as const;
