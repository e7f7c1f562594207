import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource, MoreThan, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppConfig } from '../../config/app-config';
import { Interaction } from '../entities/interaction.entity';
import { cookieOptions, issuerPath } from '../http/cookie-options';
import type { AuthorizationRequest } from '../request/authorization-request';
import type { InteractionStep, PendingInteraction } from './pending-interaction';

export const INTERACTION_COOKIE = 'oidc_interaction';
const INTERACTION_TTL_SECONDS = 30 * 60;
const MAX_ID_LENGTH = 64;

/**
 * Authorization requests waiting for the user, in Postgres so any replica serves any step.
 * Each is bound to the browser that started it by a signed cookie scoped to its own path, so
 * a leaked interaction URL is useless in another browser and several tabs do not collide.
 */
@Injectable()
export class InteractionService {
  constructor(
    @InjectRepository(Interaction) private readonly interactions: Repository<Interaction>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async start(res: Response, request: AuthorizationRequest, sessionId: string | null): Promise<PendingInteraction> {
    const id = randomBytes(32).toString('base64url');
    await this.interactions.insert({
      id,
      params: { ...request },
      clientId: request.clientId,
      sessionId,
      expiresAt: new Date(Date.now() + INTERACTION_TTL_SECONDS * 1000),
    } as QueryDeepPartialEntity<Interaction>);
    res.cookie(INTERACTION_COOKIE, id, cookieOptions(this.config, this.cookiePath(id), INTERACTION_TTL_SECONDS));
    return { id, request, sessionId };
  }

  /** The interaction, if it exists, has not expired and was started by this browser. */
  async findForBrowser(id: string, req: Request): Promise<PendingInteraction | null> {
    if (typeof id !== 'string' || id.length > MAX_ID_LENGTH) return null;
    if (req.signedCookies?.[INTERACTION_COOKIE] !== id) return null;
    return this.findActive(id);
  }

  /**
   * The interaction, if it exists and has not expired, whichever browser asks: only for callers
   * that bound the browser to it some other way (the federation callback's own cookie, set by a
   * request that passed findForBrowser), on paths the interaction cookie does not reach.
   */
  async findActive(id: string): Promise<PendingInteraction | null> {
    if (typeof id !== 'string' || id.length > MAX_ID_LENGTH) return null;
    const found = await this.interactions.findOneBy({ id, expiresAt: MoreThan(new Date()) });
    if (!found) return null;
    return { id, request: found.params as unknown as AuthorizationRequest, sessionId: found.sessionId };
  }

  async attachSession(interaction: PendingInteraction, sessionId: string): Promise<void> {
    await this.interactions.update({ id: interaction.id }, { sessionId });
    interaction.sessionId = sessionId;
  }

  /**
   * Takes the interaction out of the table, in one statement: of two submissions of the same
   * form (a double click, a replayed POST) exactly one gets true and goes on to answer the RP.
   */
  async complete(res: Response, interaction: PendingInteraction): Promise<boolean> {
    const [rows] = (await this.db.query('DELETE FROM interactions WHERE id = $1 AND expires_at > now() RETURNING id', [
      interaction.id,
    ])) as [unknown[], number];
    res.clearCookie(INTERACTION_COOKIE, { ...cookieOptions(this.config, this.cookiePath(interaction.id), 0) });
    return rows.length === 1;
  }

  pageUrl(id: string, step: InteractionStep): string {
    return `${this.config.issuer}/interaction/${id}/${step}`;
  }

  private cookiePath(id: string): string {
    return `${issuerPath(this.config)}/interaction/${id}`;
  }
}
