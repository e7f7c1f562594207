import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type InteractionFlow, InteractionEngine } from '../../interaction/engine/interaction-engine';
import type { PendingInteraction } from '../../interaction/pending-interaction';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { InteractionStore } from '../../interaction/store/interaction.store';
import type { LogoutRequest } from './logout-request';
import { type PendingLogout, pendingLogoutOf } from './pending-logout';

/**
 * The logout confirmation as a flow of the interaction engine: a request that must be confirmed
 * (OIDC RP-Initiated Logout 1.0 §2) is kept as an interaction of kind `logout`, bound to this
 * browser and to the session it would end, until the user answers or it expires. Any replica
 * serves the answer, and only one answer is taken.
 */
@Injectable()
export class PendingLogouts implements InteractionFlow, OnModuleInit {
  readonly kind = 'logout' as const;

  constructor(
    private readonly interactions: InteractionStore,
    private readonly engine: InteractionEngine,
  ) {}

  onModuleInit(): void {
    this.engine.registerFlow(this);
  }

  /** Keeps the request until the user answers; the confirmation page names the interaction. */
  open(res: Response, request: LogoutRequest, session: BrowserSession): Promise<PendingInteraction<PendingLogout>> {
    return this.interactions.open(
      res,
      this.kind,
      pendingLogoutOf(request),
      request.client?.clientId ?? null,
      session.id,
    );
  }

  /**
   * The pending logout the answer is for, taken out of the table in the same step: null when it
   * does not exist, has expired, was already answered or was started in another browser.
   */
  async take(req: Request, res: Response, id: unknown): Promise<PendingInteraction<PendingLogout> | null> {
    if (typeof id !== 'string') return null;
    const found = await this.interactions.findForBrowser(id, req, this.kind);
    if (!found || !(await this.interactions.complete(res, found))) return null;
    return found as PendingInteraction<PendingLogout>;
  }
}
