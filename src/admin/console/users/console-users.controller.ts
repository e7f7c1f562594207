import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { AdminUserFactorsService } from '../../users/admin-user-factors.service';
import { AdminUserMailService } from '../../users/admin-user-mail.service';
import { AdminUsersService } from '../../users/admin-users.service';
import { CreateUserDto, SetPasswordDto, UpdateUserDto } from '../../users/user.dto';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import { textOf, type FormBody } from '../forms/form-input';
import { changedFields } from '../forms/form-model';
import { submitForm } from '../forms/form-submission';
import { type FieldErrors, validateForm } from '../forms/form-validation';
import { confirmThenRedirect } from '../http/confirmed-action';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import { offsetOf } from '../http/pagination';
import { deleteUserConfirmation, disableUserConfirmation } from './user-confirmations';
import { USER_FORM_FIELDS, userInputOf, userValuesOf } from './user-form';
import { newUserPage, type UserPageErrors, userListPage, userPage, userUrl } from './user-pages';

const PAGE_SIZE = 20;

@ConsolePages()
@Controller('admin/console/users')
export class ConsoleUsersController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly mail: AdminUserMailService,
    private readonly factors: AdminUserFactorsService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Query() query: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const search = textOf(query, 'search').slice(0, 255);
    const page = await this.users.list({ search: search || undefined, offset: offsetOf(query), limit: PAGE_SIZE });
    this.view.render(req, res, 'users', userListPage(page, search));
  }

  @Get('new')
  newForm(@Req() req: ConsoleRequest, @Res() res: Response): void {
    this.view.render(req, res, 'user-new', newUserPage({}));
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const input = userInputOf(body, true);
    const showForm = (errors: FieldErrors, status: number) =>
      this.view.render(req, res, 'user-new', newUserPage(input, errors), status);
    await submitForm(CreateUserDto, input, USER_FORM_FIELDS, showForm, async (dto) => {
      const user = await this.users.create(dto, by);
      res.redirect(303, withNotice(userUrl(user.id), 'user-created'));
    });
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.renderUser(req, res, id);
  }

  @Post(':id')
  @UseGuards(CsrfGuard)
  async update(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const user = await this.users.get(id);
    const input = userInputOf(body, false);
    const showForm = (errors: FieldErrors, status: number) =>
      this.renderUser(req, res, id, input, { profile: errors }, status);
    await submitForm(UpdateUserDto, input, USER_FORM_FIELDS, showForm, async (dto) => {
      // Only what changed is sent, so the audit trail names the claims that really changed.
      const changes = changedFields(user, dto);
      if (Object.keys(changes).length === 0) return res.redirect(303, withNotice(userUrl(id), 'user-unchanged'));
      await this.users.update(id, changes, by);
      res.redirect(303, withNotice(userUrl(id), 'user-saved'));
    });
  }

  @Post(':id/password')
  @UseGuards(CsrfGuard)
  async setPassword(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const check = await validateForm(SetPasswordDto, { password: body.password });
    if (!check.ok) return this.renderUser(req, res, id, undefined, { password: check.errors }, 400);
    await this.users.setPassword(id, check.dto.password, by);
    res.redirect(303, withNotice(userUrl(id), 'password-set'));
  }

  @Post(':id/password-reset')
  @UseGuards(CsrfGuard)
  async sendResetLink(@Param('id') id: string, @ConsoleActor() by: AuditActor, @Res() res: Response): Promise<void> {
    await this.mail.sendPasswordReset(id, by);
    res.redirect(303, withNotice(userUrl(id), 'reset-link-sent'));
  }

  @Post(':id/email-verification')
  @UseGuards(CsrfGuard)
  async sendVerification(@Param('id') id: string, @ConsoleActor() by: AuditActor, @Res() res: Response): Promise<void> {
    await this.mail.sendVerification(id, by);
    res.redirect(303, withNotice(userUrl(id), 'verification-sent'));
  }

  @Get(':id/disable')
  async confirmDisable(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'confirm', disableUserConfirmation(await this.users.get(id)));
  }

  @Post(':id/disable')
  @UseGuards(CsrfGuard)
  async disable(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const confirmation = disableUserConfirmation(await this.users.get(id));
    const done = withNotice(userUrl(id), 'user-disabled');
    await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.users.disable(id, by), done);
  }

  @Post(':id/enable')
  @UseGuards(CsrfGuard)
  async enable(@Param('id') id: string, @ConsoleActor() by: AuditActor, @Res() res: Response): Promise<void> {
    await this.users.enable(id, by);
    res.redirect(303, withNotice(userUrl(id), 'user-enabled'));
  }

  @Get(':id/delete')
  async confirmDelete(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'confirm', deleteUserConfirmation(await this.users.get(id)));
  }

  @Post(':id/delete')
  @UseGuards(CsrfGuard)
  async delete(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const confirmation = deleteUserConfirmation(await this.users.get(id));
    const done = withNotice(consoleUrl('users'), 'user-deleted');
    await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.users.delete(id, by), done);
  }

  private async renderUser(
    req: ConsoleRequest,
    res: Response,
    id: string,
    values?: object,
    errors?: UserPageErrors,
    status = 200,
  ): Promise<void> {
    const user = await this.users.get(id);
    const [sessions, consents, grants, { factors }] = await Promise.all([
      this.users.sessions(id),
      this.users.consents(id),
      this.users.grants(id),
      this.factors.list(id),
    ]);
    const page = userPage(user, { sessions, consents, grants, factors }, values ?? userValuesOf(user), errors);
    this.view.render(req, res, 'user', page, status);
  }
}
