import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InteractionEngine } from '../../interaction/engine/interaction-engine';
import { SessionService } from '../../interaction/session/session.service';
import { UpstreamAccountLinker } from '../linking/upstream-account-linker';
import { federatedAmr } from './federated-amr';
import { UpstreamCallback } from './upstream-callback';
import { UpstreamLoginFailure } from './upstream-login-failure';

/**
 * The end of a sign-in through an upstream provider: the verified identity becomes a local
 * user's browser session, and the interaction goes on exactly as after a password login (its
 * further steps, consent, then the response to the RP).
 */
@Injectable()
export class FederatedSignIn {
  constructor(
    private readonly callback: UpstreamCallback,
    private readonly linker: UpstreamAccountLinker,
    private readonly sessions: SessionService,
    private readonly engine: InteractionEngine,
  ) {}

  async complete(req: Request, res: Response): Promise<void> {
    const login = await this.callback.verify(req, res);
    const outcome = await this.linker.userFor(login.provider, login.subject, login.claims, req.ip ?? null);
    if (!outcome.ok) throw new UpstreamLoginFailure(outcome.reason, login.interaction.id, login.provider.displayName);
    const session = await this.sessions.signIn(req, res, outcome.user.id, federatedAmr());
    await this.engine.signedIn(res, login.interaction, session);
  }
}
