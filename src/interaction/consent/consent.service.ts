import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-statement';
import { ScopesService } from '../../scopes/scopes.service';

/** What a user allowed a client, as operators see it. */
export interface ConsentRecord {
  clientId: string;
  scopes: string[];
  updatedAt: Date;
}

/** The scopes and individually requested claims users have allowed clients, for consent_policy `once`. */
@Injectable()
export class ConsentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scopes: ScopesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The user allowed the client on the consent page: remembered when the client's policy is
   * `once`, and recorded either way (account.consent_granted, for the audit trail and webhooks).
   */
  async granted(
    userId: string,
    clientId: string,
    scope: readonly string[],
    claims: readonly string[],
    remember: boolean,
  ): Promise<void> {
    if (remember) await this.remember(userId, clientId, scope, claims);
    await this.audit.record({
      actor: `user:${userId}`,
      type: AuditEventType.ConsentGranted,
      subject: userId,
      details: { client_id: clientId, scope: [...scope], claims: [...claims] },
    });
  }

  /**
   * Whether the user already allowed this client every one of `scope` and of `claims` (claims
   * asked for by name, OIDC Core §5.5): each allowed by name or released by an allowed scope.
   */
  async covers(
    userId: string,
    clientId: string,
    scope: readonly string[],
    claims: readonly string[] = [],
  ): Promise<boolean> {
    // On every sign-in to a consent-once client: a prepared statement, planned once per connection.
    const [consent] = await preparedQuery<{ scopes: string[]; claims: string[] }>(
      this.db,
      'consents_of_user_client',
      'SELECT scopes, claims FROM consents WHERE user_id = $1 AND client_id = $2',
      [userId, clientId],
    );
    if (consent === undefined || !scope.every((s) => consent.scopes.includes(s))) return false;
    const unnamed = claims.filter((c) => !consent.claims.includes(c));
    if (unnamed.length === 0) return true;
    const released = await this.scopes.claimsFor(consent.scopes);
    return unnamed.every((c) => released.has(c));
  }

  /** Adds `scope` and `claims` to what the user allowed the client; what was allowed before stays. */
  async remember(
    userId: string,
    clientId: string,
    scope: readonly string[],
    claims: readonly string[] = [],
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO consents AS c (user_id, client_id, scopes, claims, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (user_id, client_id) DO UPDATE SET
         scopes = ARRAY(SELECT DISTINCT unnest(c.scopes || EXCLUDED.scopes) ORDER BY 1),
         claims = ARRAY(SELECT DISTINCT unnest(c.claims || EXCLUDED.claims) ORDER BY 1),
         updated_at = now()`,
      [userId, clientId, scope, claims],
    );
  }

  /** The user's consents by client_id, at most `limit` (the admin's view of one user). */
  async ofUser(userId: string, limit: number): Promise<ConsentRecord[]> {
    const rows: { client_id: string; scopes: string[]; updated_at: Date }[] = await this.db.query(
      `SELECT client_id, scopes, updated_at FROM consents WHERE user_id = $1 ORDER BY client_id LIMIT $2`,
      [userId, limit],
    );
    return rows.map((r) => ({ clientId: r.client_id, scopes: r.scopes, updatedAt: r.updated_at }));
  }

  /**
   * Forgets what the user allowed the client; returns 1 when there was a consent, else 0. `manager`
   * runs it in the caller's transaction (taking back consent also revokes the client's grants).
   */
  async forget(userId: string, clientId: string, manager: EntityManager = this.db.manager): Promise<number> {
    const [, deleted] = (await manager.query(`DELETE FROM consents WHERE user_id = $1 AND client_id = $2`, [
      userId,
      clientId,
    ])) as [unknown, number];
    return deleted;
  }
}
