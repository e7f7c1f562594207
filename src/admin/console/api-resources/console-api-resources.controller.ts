import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { AdminApiResourcesService } from '../../api-resources/admin-api-resources.service';
import { type ApiResourceDto, CreateApiResourceDto, UpdateApiResourceDto } from '../../api-resources/api-resource.dto';
import { AdminScopesService } from '../../scopes/admin-scopes.service';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import type { FormBody } from '../forms/form-input';
import { changedFields } from '../forms/form-model';
import { submitForm } from '../forms/form-submission';
import type { FieldErrors } from '../forms/form-validation';
import { confirmThenRedirect } from '../http/confirmed-action';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import {
  API_RESOURCE_FORM_FIELDS,
  apiResourceFormPage,
  apiResourceInputOf,
  apiResourceListPage,
  apiResourceUrl,
  apiResourceValues,
  deleteApiResourceConfirmation,
} from './api-resource-pages';

@ConsolePages()
@Controller('admin/console/api-resources')
export class ConsoleApiResourcesController {
  constructor(
    private readonly resources: AdminApiResourcesService,
    private readonly scopes: AdminScopesService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'api-resources', apiResourceListPage(await this.resources.list()));
  }

  @Get('new')
  async newForm(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    await this.showForm(req, res, null, {});
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const input = apiResourceInputOf(body, true);
    const showForm = (errors: FieldErrors, status: number) => this.showForm(req, res, null, input, errors, status);
    await submitForm(CreateApiResourceDto, input, API_RESOURCE_FORM_FIELDS, showForm, async (dto) => {
      const created = await this.resources.create(dto, by);
      res.redirect(303, withNotice(apiResourceUrl(created.id), 'api-resource-created'));
    });
  }

  @Get(':id')
  async edit(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const resource = await this.resources.get(id);
    await this.showForm(req, res, resource, apiResourceValues(resource));
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
    const resource = await this.resources.get(id);
    const input = apiResourceInputOf(body, false);
    const showForm = (errors: FieldErrors, status: number) => this.showForm(req, res, resource, input, errors, status);
    await submitForm(UpdateApiResourceDto, input, API_RESOURCE_FORM_FIELDS, showForm, async (dto) => {
      const changes = changedFields(resource, dto);
      if (Object.keys(changes).length > 0) await this.resources.update(id, changes, by);
      res.redirect(303, withNotice(apiResourceUrl(id), 'api-resource-saved'));
    });
  }

  @Get(':id/delete')
  async confirmDelete(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'confirm', deleteApiResourceConfirmation(await this.resources.get(id)));
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
    const confirmation = deleteApiResourceConfirmation(await this.resources.get(id));
    const done = withNotice(consoleUrl('api-resources'), 'api-resource-deleted');
    await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.resources.delete(id, by), done);
  }

  private async showForm(
    req: ConsoleRequest,
    res: Response,
    resource: ApiResourceDto | null,
    values: object,
    errors: FieldErrors = {},
    status = 200,
  ): Promise<void> {
    const [scopes, all] = await Promise.all([this.scopes.list(), this.resources.list()]);
    this.view.render(req, res, 'api-resource-form', apiResourceFormPage(resource, values, scopes, all, errors), status);
  }
}
