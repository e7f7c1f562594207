import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { SessionService } from '../../interaction/session/session.service';
import type { SecondFactorMethod } from './second-factor-method';
import { SecondFactorPage } from './second-factor-page';

/**
 * A second-factor form's answer, wherever the page is shown (a sign-in step, the account page):
 * the chosen method must be one offered; right, and the session is stepped up in place; wrong,
 * and the page comes again saying why.
 */
@Injectable()
export class SecondFactorProof {
  constructor(
    private readonly sessions: SessionService,
    private readonly page: SecondFactorPage,
    private readonly audit: AuditService,
  ) {}

  /** True when the session now carries the factor; false when the page has been shown again. */
  async submit(
    req: Request,
    res: Response,
    session: BrowserSession,
    offered: readonly SecondFactorMethod[],
    form: { action: string; csrf: string },
  ): Promise<boolean> {
    const chosen = (req.body as Record<string, unknown> | undefined)?.method;
    const method = offered.find((m) => m.name === chosen);
    const again = (error: string, status: number) =>
      this.page.render(req, res, { userId: session.userId, session, methods: offered, ...form, error, status });
    if (!method) {
      await again('Choose one of the ways offered to confirm it is you.', 400);
      return false;
    }
    const result = await method.verify(req, session.userId);
    if (!result.ok) {
      await this.audit.record({
        actor: `user:${session.userId}`,
        type: AuditEventType.SecondFactorFailed,
        subject: session.userId,
        ip: req.ip ?? null,
        details: { method: method.name, sid: session.id },
      });
      await again(result.message, result.status);
      return false;
    }
    await this.sessions.addFactor(req, res, session, result.amr);
    return true;
  }
}
