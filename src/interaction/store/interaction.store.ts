import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { cookieName } from '../../common/http/cookie-names';
import { AppConfig } from '../../config/app-config';
import { preparedQuery } from '../../database/prepared-statement';
import { cookieOptions, issuerPath } from '../http/cookie-options';
import type { InteractionKind, PendingInteraction } from '../pending-interaction';
import { INTERACTION_TTL_SECONDS } from './interaction-lifetime';
import { isBrowserNonce, isInteractionOf, newBrowserNonce, newInteractionId } from './interaction-binding';

const MAX_ID_LENGTH = 64;

/**
 * Interactions waiting for the user, in Postgres so any replica serves any step. Each is bound
 * to the browser that started it (see newInteractionId): a leaked interaction URL is useless
 * in another browser, and several tabs do not collide.
 */
@Injectable()
export class InteractionStore {
  private readonly cookie: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.cookie = cookieName('interaction', config.secureCookies);
  }

  /** An authorization request's interaction, bound to this browser by the interaction cookie. */
  start<R extends { clientId: string }>(
    res: Response,
    request: R,
    sessionId: string | null,
  ): Promise<PendingInteraction<R>> {
    return this.open(res, 'authorization', request, request.clientId, sessionId);
  }

  /** An interaction of `kind` holding `request`, bound to this browser by the interaction cookie. */
  async open<R extends object>(
    res: Response,
    kind: InteractionKind,
    request: R,
    clientId: string | null,
    sessionId: string | null,
  ): Promise<PendingInteraction<R>> {
    // The browser's nonce, kept while it has one, so the interactions of its other tabs stay valid.
    const held: unknown = res.req.signedCookies?.[this.cookie];
    const nonce = isBrowserNonce(held) ? held : newBrowserNonce();
    const id = newInteractionId(this.config.cookieSecret, nonce);
    await preparedQuery(
      this.db,
      'interactions_insert',
      `INSERT INTO interactions (id, kind, params, client_id, session_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [id, kind, JSON.stringify(request), clientId, sessionId, INTERACTION_TTL_SECONDS],
    );
    // Renewed with each start: it outlives every interaction it binds.
    res.cookie(this.cookie, nonce, cookieOptions(this.config, this.cookiePath(), INTERACTION_TTL_SECONDS));
    return { id, kind, clientId, request, sessionId, completedSteps: [] };
  }

  /** The interaction of `kind`, if it exists, has not expired and was started by this browser. */
  async findForBrowser(
    id: string,
    req: Request,
    kind: InteractionKind = 'authorization',
  ): Promise<PendingInteraction | null> {
    if (typeof id !== 'string' || id.length > MAX_ID_LENGTH) return null;
    const nonce: unknown = req.signedCookies?.[this.cookie];
    if (!isBrowserNonce(nonce) || !isInteractionOf(this.config.cookieSecret, nonce, id)) return null;
    return this.findActive(id, kind);
  }

  /**
   * The interaction, if it exists and has not expired, whichever browser asks: only for callers
   * that bound the browser to it some other way (the federation callback's own cookie, set by a
   * request that passed findForBrowser; the device verification cookie), on paths the
   * interaction cookie does not reach.
   */
  async findActive(id: string, kind: InteractionKind): Promise<PendingInteraction | null> {
    if (typeof id !== 'string' || id.length > MAX_ID_LENGTH) return null;
    // Every interaction page: prepared statements throughout this store (docs/performance.md).
    const [found] = await preparedQuery<{
      client_id: string | null;
      params: Record<string, unknown>;
      session_id: string | null;
      completed_steps: string[];
    }>(
      this.db,
      'interactions_find_active',
      `SELECT client_id, params, session_id, completed_steps FROM interactions
        WHERE id = $1 AND kind = $2 AND expires_at > now()`,
      [id, kind],
    );
    if (!found) return null;
    return {
      id,
      kind,
      clientId: found.client_id,
      request: found.params,
      sessionId: found.session_id,
      completedSteps: found.completed_steps,
    };
  }

  async attachSession(interaction: PendingInteraction, sessionId: string): Promise<void> {
    await preparedQuery(
      this.db,
      'interactions_attach_session',
      'UPDATE interactions SET session_id = $2 WHERE id = $1',
      [interaction.id, sessionId],
    );
    interaction.sessionId = sessionId;
  }

  /**
   * Records a completed step. `opening` is for a flow that keeps its state elsewhere (device
   * verification): its interaction's row is made with the first step it records.
   */
  async recordStep(interaction: PendingInteraction, step: string, opening?: { expiresAt: Date }): Promise<void> {
    if (opening)
      await this.db.query(
        `INSERT INTO interactions AS i (id, kind, params, client_id, session_id, completed_steps, expires_at)
         VALUES ($1, $2, $3, $4, $5, ARRAY[$6::text], $7)
         ON CONFLICT (id) DO UPDATE SET completed_steps = array_append(i.completed_steps, $6::text)
         WHERE NOT ($6::text = ANY (i.completed_steps))`,
        [
          interaction.id,
          interaction.kind,
          interaction.request,
          interaction.clientId,
          interaction.sessionId,
          step,
          opening.expiresAt,
        ],
      );
    else
      await preparedQuery(
        this.db,
        'interactions_record_step',
        `UPDATE interactions SET completed_steps = array_append(completed_steps, $2::text)
         WHERE id = $1 AND NOT ($2::text = ANY (completed_steps))`,
        [interaction.id, step],
      );
    if (!interaction.completedSteps.includes(step)) interaction.completedSteps = [...interaction.completedSteps, step];
  }

  /**
   * Takes the interaction out of the table, in one statement: of two submissions of the same
   * form (a double click, a replayed POST) exactly one gets true and goes on to answer the RP.
   */
  async complete(_res: Response, interaction: PendingInteraction): Promise<boolean> {
    const rows = await preparedQuery(
      this.db,
      'interactions_complete',
      'DELETE FROM interactions WHERE id = $1 AND expires_at > now() RETURNING id',
      [interaction.id],
    );
    // The cookie stays: it binds the browser's other pending interactions too.
    return rows.length === 1;
  }

  /** An authorization interaction's page: /interaction/:id/<step>. */
  pageUrl(id: string, step: string): string {
    return `${this.config.issuer}/interaction/${id}/${step}`;
  }

  // Sent to the authorization endpoint too, which reuses the browser's nonce when starting another.
  private cookiePath(): string {
    return issuerPath(this.config) || '/';
  }
}
