import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ClientsService } from '../../clients/clients.service';
import { AppConfig } from '../../config/app-config';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';

/**
 * OIDC Front-Channel Logout 1.0 §4: the signed-out page loads each frontchannel_logout_uri of the
 * clients that took part in the ended session in an iframe, so each RP ends its own session in
 * the user's browser. iss and sid are always added (§3), which every RP may rely on.
 */
@Injectable()
export class FrontChannelLogout {
  constructor(
    private readonly grants: AuthorizationGrantService,
    private readonly clients: ClientsService,
    private readonly config: AppConfig,
  ) {}

  /** The iframe URLs for the session that just ended. */
  async framesFor(sessionId: string): Promise<string[]> {
    const frames: string[] = [];
    for (const { clientId } of await this.grants.clientsOfSessions([sessionId])) {
      const uri = (await this.clients.findById(clientId))?.frontchannelLogoutUri;
      if (!uri) continue;
      const url = new URL(uri);
      url.searchParams.set('iss', this.config.issuer);
      url.searchParams.set('sid', sessionId);
      frames.push(url.href);
    }
    return frames;
  }

  /**
   * The page's Content-Security-Policy (which allows no frame and no script otherwise) allows
   * frames from these origins only and, when the page goes on by itself, this server's scripts.
   */
  allowFrames(res: Response, frames: readonly string[], goesOn = false): void {
    if (frames.length === 0) return;
    const origins = [...new Set(frames.map((f) => new URL(f).origin))];
    const policy = res.getHeader('Content-Security-Policy');
    const added = [`frame-src ${origins.join(' ')}`, ...(goesOn ? ["script-src 'self'"] : [])];
    res.setHeader('Content-Security-Policy', [...(typeof policy === 'string' ? [policy] : []), ...added].join(';'));
  }
}
