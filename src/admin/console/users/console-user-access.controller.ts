import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { AdminUserFactorsService } from '../../users/admin-user-factors.service';
import { AdminUsersService } from '../../users/admin-users.service';
import type { ConsoleRequest } from '../auth/console-principal';
import type { FormBody } from '../forms/form-input';
import { confirmThenRedirect } from '../http/confirmed-action';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import {
  endSessionsConfirmation,
  resetFactorsConfirmation,
  revokeConsentConfirmation,
  revokeGrantsConfirmation,
} from './user-confirmations';

/** Ending a user's sessions, revoking their consents and grants, resetting their second factors: each behind a confirmation page. */
@ConsolePages()
@Controller('admin/console/users/:id')
export class ConsoleUserAccessController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly factors: AdminUserFactorsService,
    private readonly view: ConsoleView,
  ) {}

  @Get('factors/reset')
  async confirmResetFactors(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response) {
    this.view.render(req, res, 'confirm', resetFactorsConfirmation(await this.users.get(id)));
  }

  @Post('factors/reset')
  @UseGuards(CsrfGuard)
  async resetFactors(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const confirmation = resetFactorsConfirmation(await this.users.get(id));
    const done = withNotice(confirmation.cancelHref, 'factors-reset');
    await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.factors.reset(id, by), done);
  }

  @Get('sessions/end')
  async confirmEndSessions(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response) {
    this.view.render(req, res, 'confirm', endSessionsConfirmation(await this.users.get(id)));
  }

  @Post('sessions/end')
  @UseGuards(CsrfGuard)
  async endSessions(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const confirmation = endSessionsConfirmation(await this.users.get(id));
    const done = withNotice(confirmation.cancelHref, 'sessions-ended');
    await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.users.endSessions(id, by), done);
  }

  @Get('sessions/:sessionId/end')
  async confirmEndSession(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    this.view.render(req, res, 'confirm', endSessionsConfirmation(await this.users.get(id), sessionId));
  }

  @Post('sessions/:sessionId/end')
  @UseGuards(CsrfGuard)
  async endSession(
    @Param('id') id: string,
    @Param('sessionId') sessionId: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const confirmation = endSessionsConfirmation(await this.users.get(id), sessionId);
    const done = withNotice(confirmation.cancelHref, 'sessions-ended');
    const act = () => this.users.endSessions(id, by, sessionId);
    await confirmThenRedirect(this.view, req, res, body, confirmation, act, done);
  }

  @Get('consents/:clientId/revoke')
  async confirmRevokeConsent(
    @Param('id') id: string,
    @Param('clientId') clientId: string,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    this.view.render(req, res, 'confirm', revokeConsentConfirmation(await this.users.get(id), clientId));
  }

  @Post('consents/:clientId/revoke')
  @UseGuards(CsrfGuard)
  async revokeConsent(
    @Param('id') id: string,
    @Param('clientId') clientId: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const confirmation = revokeConsentConfirmation(await this.users.get(id), clientId);
    const done = withNotice(confirmation.cancelHref, 'consent-revoked');
    const act = () => this.users.revokeConsent(id, clientId, by);
    await confirmThenRedirect(this.view, req, res, body, confirmation, act, done);
  }

  @Get('grants/revoke')
  async confirmRevokeGrants(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response) {
    this.view.render(req, res, 'confirm', revokeGrantsConfirmation(await this.users.get(id)));
  }

  @Post('grants/revoke')
  @UseGuards(CsrfGuard)
  async revokeGrants(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const confirmation = revokeGrantsConfirmation(await this.users.get(id));
    const done = withNotice(confirmation.cancelHref, 'grants-revoked');
    await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.users.revokeGrants(id, by), done);
  }

  @Get('grants/:grantId/revoke')
  async confirmRevokeGrant(
    @Param('id') id: string,
    @Param('grantId') grantId: string,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    this.view.render(req, res, 'confirm', revokeGrantsConfirmation(await this.users.get(id), grantId));
  }

  @Post('grants/:grantId/revoke')
  @UseGuards(CsrfGuard)
  async revokeGrant(
    @Param('id') id: string,
    @Param('grantId') grantId: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const confirmation = revokeGrantsConfirmation(await this.users.get(id), grantId);
    const done = withNotice(confirmation.cancelHref, 'grants-revoked');
    const act = () => this.users.revokeGrants(id, by, grantId);
    await confirmThenRedirect(this.view, req, res, body, confirmation, act, done);
  }
}
