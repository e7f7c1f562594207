import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { AdminUsersService } from '../../users/admin-users.service';
import type { ConsoleRequest } from '../auth/console-principal';
import type { FormBody } from '../forms/form-input';
import { type Confirmation, isConfirmed } from '../http/confirmation';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { type ConsolePage, ConsoleView } from '../http/console-view';
import { type Notice, withNotice } from '../http/notices';
import { endSessionsConfirmation, revokeConsentConfirmation, revokeGrantsConfirmation } from './user-confirmations';

/** Ending a user's sessions, revoking their consents and grants: each behind a confirmation page. */
@ConsolePages()
@Controller('admin/console/users/:id')
export class ConsoleUserAccessController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly view: ConsoleView,
  ) {}

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
    await this.confirmThen(req, res, body, confirmation, 'sessions-ended', () => this.users.endSessions(id, by));
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
    await this.confirmThen(req, res, body, confirmation, 'sessions-ended', () =>
      this.users.endSessions(id, by, sessionId),
    );
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
    await this.confirmThen(req, res, body, confirmation, 'consent-revoked', () =>
      this.users.revokeConsent(id, clientId, by),
    );
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
    await this.confirmThen(req, res, body, confirmation, 'grants-revoked', () => this.users.revokeGrants(id, by));
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
    await this.confirmThen(req, res, body, confirmation, 'grants-revoked', () =>
      this.users.revokeGrants(id, by, grantId),
    );
  }

  /** Shows the confirmation page, unless the post came from it: then acts and goes back to the user. */
  private async confirmThen(
    req: ConsoleRequest,
    res: Response,
    body: FormBody,
    confirmation: Confirmation & ConsolePage,
    notice: Notice,
    act: () => Promise<unknown>,
  ): Promise<void> {
    if (!isConfirmed(body)) return this.view.render(req, res, 'confirm', confirmation);
    await act();
    res.redirect(303, withNotice(confirmation.cancelHref, notice));
  }
}
