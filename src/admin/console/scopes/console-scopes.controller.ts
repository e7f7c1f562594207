import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { AdminScopesService } from '../../scopes/admin-scopes.service';
import { CreateScopeDto, UpdateScopeDto } from '../../scopes/scope.dto';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import type { FormBody } from '../forms/form-input';
import { changedFields } from '../forms/form-model';
import { submitForm } from '../forms/form-submission';
import { FORM_ERROR, type FieldErrors, refusalAsFieldErrors } from '../forms/form-validation';
import { confirmThenRedirect } from '../http/confirmed-action';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import {
  deleteScopeConfirmation,
  SCOPE_FORM_FIELDS,
  scopeFormPage,
  scopeInputOf,
  scopeListPage,
  scopeUrl,
} from './scope-pages';

@ConsolePages()
@Controller('admin/console/scopes')
export class ConsoleScopesController {
  constructor(
    private readonly scopes: AdminScopesService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'scopes', scopeListPage(await this.scopes.list()));
  }

  @Get('new')
  newForm(@Req() req: ConsoleRequest, @Res() res: Response): void {
    this.view.render(req, res, 'scope-form', scopeFormPage(null, {}));
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const input = scopeInputOf(body, true);
    const showForm = (errors: FieldErrors, status: number) =>
      this.view.render(req, res, 'scope-form', scopeFormPage(null, input, errors), status);
    await submitForm(CreateScopeDto, input, SCOPE_FORM_FIELDS, showForm, async (dto) => {
      const scope = await this.scopes.create(dto, by);
      res.redirect(303, withNotice(scopeUrl(scope.name), 'scope-created'));
    });
  }

  @Get(':name')
  async edit(@Param('name') name: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const scope = await this.scopes.get(name);
    this.view.render(req, res, 'scope-form', scopeFormPage(scope, scope));
  }

  @Post(':name')
  @UseGuards(CsrfGuard)
  async update(
    @Param('name') name: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const scope = await this.scopes.get(name);
    const input = scopeInputOf(body, false);
    const showForm = (errors: FieldErrors, status: number) =>
      this.view.render(req, res, 'scope-form', scopeFormPage(scope, input, errors), status);
    await submitForm(UpdateScopeDto, input, SCOPE_FORM_FIELDS, showForm, async (dto) => {
      const changes = changedFields(scope, dto);
      if (Object.keys(changes).length > 0) await this.scopes.update(name, changes, by);
      res.redirect(303, withNotice(scopeUrl(name), 'scope-saved'));
    });
  }

  @Get(':name/delete')
  async confirmDelete(@Param('name') name: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'confirm', deleteScopeConfirmation(await this.scopes.get(name)));
  }

  /** Refused while clients may ask for the scope (and for openid): the scope's page then says why. */
  @Post(':name/delete')
  @UseGuards(CsrfGuard)
  async delete(
    @Param('name') name: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const scope = await this.scopes.get(name);
    const confirmation = deleteScopeConfirmation(scope);
    const done = withNotice(consoleUrl('scopes'), 'scope-deleted');
    try {
      await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.scopes.delete(name, by), done);
    } catch (error) {
      const refusal = refusalAsFieldErrors(error, []);
      this.view.render(
        req,
        res,
        'scope-form',
        scopeFormPage(scope, scope, {}, refusal.errors[FORM_ERROR]),
        refusal.status,
      );
    }
  }
}
