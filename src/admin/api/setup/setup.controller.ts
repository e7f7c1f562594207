import { Controller, Get, Header, HttpCode, Post, Render, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { issueCsrfToken } from '../../../common/http/csrf';
import { AppConfig } from '../../../config/app-config';
import type { AuditActor } from '../../../audit/audit-event-input';
import { SIGN_IN_URL } from '../../console/console-paths';
import { CONSOLE_PAGE_POLICY } from '../../console/http/console-headers';
import { AdminErrorsInterceptor } from '../http/admin-errors.interceptor';
import { FirstRunSetup } from '../../setup/first-run-setup.service';

/** GET shows the setup page while setup is open; POST makes the first admin token once. Then 404. */
@ApiExcludeController()
@Controller('setup')
@UseInterceptors(AdminErrorsInterceptor)
export class SetupController {
  constructor(
    private readonly setup: FirstRunSetup,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Render('setup')
  @Header('Cache-Control', 'no-store')
  async show(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.setup.assertOpen();
    const csrf = issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies });
    return { title: 'Set up this server', csrf };
  }

  @Post()
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  @Render('setup-done')
  @Header('Cache-Control', 'no-store')
  // The console's policy: the copy button's script (public/console.js) from this origin, none inline.
  @Header('Content-Security-Policy', CONSOLE_PAGE_POLICY)
  async complete(@Req() req: Request & { id?: string }) {
    const by: AuditActor = { actor: `ip:${req.ip}`, ip: req.ip ?? null, requestId: req.id ?? null };
    const token = await this.setup.complete(by);
    return { title: 'Your admin token', token, docsPath: '/admin/docs', consolePath: SIGN_IN_URL };
  }
}
