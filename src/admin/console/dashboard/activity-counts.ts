import { Injectable } from '@nestjs/common';
import { SessionService } from '../../../interaction/session/session.service';
import { TokenStore } from '../../../token/storage/token.store';

export interface Activity {
  activeSessions: number;
  tokensIssuedLastDay: number;
}

/** Counts for the dashboard, from the modules that own sessions (sign-in) and tokens. */
@Injectable()
export class ActivityCounts {
  constructor(
    private readonly sessions: SessionService,
    private readonly tokens: TokenStore,
  ) {}

  async current(): Promise<Activity> {
    const [activeSessions, tokensIssuedLastDay] = await Promise.all([
      this.sessions.countActive(),
      this.tokens.countIssuedLastDay(),
    ]);
    return { activeSessions, tokensIssuedLastDay };
  }
}
