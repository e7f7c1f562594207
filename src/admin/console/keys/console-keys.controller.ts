import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { OAuthError } from '../../../common/errors/oauth-error';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { AdminKeysService } from '../../keys/admin-keys.service';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import { isChecked, type FormBody } from '../forms/form-input';
import { confirmThenRedirect } from '../http/confirmed-action';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import { keyListPage, retireKeyConfirmation, ROTATE_KEYS_CONFIRMATION } from './key-pages';

@ConsolePages()
@Controller('admin/console/keys')
export class ConsoleKeysController {
  constructor(
    private readonly keys: AdminKeysService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'keys', keyListPage(await this.keys.list()));
  }

  @Get('rotate')
  confirmRotation(@Req() req: ConsoleRequest, @Res() res: Response): void {
    this.view.render(req, res, 'confirm', ROTATE_KEYS_CONFIRMATION);
  }

  @Post('rotate')
  @UseGuards(CsrfGuard)
  async rotate(
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const done = withNotice(consoleUrl('keys'), 'keys-rotated');
    await confirmThenRedirect(this.view, req, res, body, ROTATE_KEYS_CONFIRMATION, () => this.keys.rotate(by), done);
  }

  @Get(':kid/retire')
  async confirmRetirement(@Param('kid') kid: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'confirm', retireKeyConfirmation(await this.find(kid)));
  }

  /** Retiring the only key that can sign is refused: the keys page then says to rotate instead. */
  @Post(':kid/retire')
  @UseGuards(CsrfGuard)
  async retire(
    @Param('kid') kid: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const key = await this.find(kid);
    const retire = () => this.keys.retire(kid, isChecked(body, 'remove_now'), by);
    const done = withNotice(consoleUrl('keys'), 'key-retired');
    try {
      await confirmThenRedirect(this.view, req, res, body, retireKeyConfirmation(key), retire, done);
    } catch (error) {
      if (!(error instanceof OAuthError) || error.status !== 409) throw error;
      this.view.render(req, res, 'keys', keyListPage(await this.keys.list(), error.errorDescription), 409);
    }
  }

  private async find(kid: string) {
    const key = (await this.keys.list()).find((k) => k.kid === kid);
    if (!key) throw new OAuthError('not_found', `there is no signing key ${kid}`, { status: 404 });
    return key;
  }
}
