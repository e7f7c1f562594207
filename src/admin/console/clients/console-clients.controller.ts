import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { AdminClientsService } from '../../clients/admin-clients.service';
import { CreateClientDto, UpdateClientDto } from '../../clients/client.dto';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import { textOf, type FormBody } from '../forms/form-input';
import { changedFields } from '../forms/form-model';
import { refusalAsFieldErrors, validateForm } from '../forms/form-validation';
import { isConfirmed } from '../http/confirmation';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import { offsetOf } from '../http/pagination';
import { CLIENT_FORM_FIELDS, clientInputOf, clientValuesOf, NEW_CLIENT_VALUES } from './client-form';
import {
  clientFormPage,
  clientListPage,
  clientSecretPage,
  clientUrl,
  deleteClientConfirmation,
  rotateSecretConfirmation,
} from './client-pages';

const PAGE_SIZE = 20;

@ConsolePages()
@Controller('admin/console/clients')
export class ConsoleClientsController {
  constructor(
    private readonly clients: AdminClientsService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Query() query: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const search = textOf(query, 'search').slice(0, 255);
    const page = await this.clients.list({ search: search || undefined, offset: offsetOf(query), limit: PAGE_SIZE });
    this.view.render(req, res, 'clients', clientListPage(page, search));
  }

  @Get('new')
  newForm(@Req() req: ConsoleRequest, @Res() res: Response): void {
    this.view.render(req, res, 'client-form', clientFormPage(null, NEW_CLIENT_VALUES));
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const input = clientInputOf(body, true);
    const check = await validateForm(CreateClientDto, input);
    if (!check.ok) return this.view.render(req, res, 'client-form', clientFormPage(null, input, check.errors), 400);
    try {
      const issued = await this.clients.create(check.dto, by);
      this.view.render(
        req,
        res,
        'client-secret',
        clientSecretPage(issued.client, issued.client_secret, 'created'),
        201,
      );
    } catch (error) {
      const refusal = refusalAsFieldErrors(error, CLIENT_FORM_FIELDS);
      this.view.render(req, res, 'client-form', clientFormPage(null, input, refusal.errors), refusal.status);
    }
  }

  @Get(':clientId')
  async edit(@Param('clientId') clientId: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const client = await this.clients.get(clientId);
    this.view.render(req, res, 'client-form', clientFormPage(client, clientValuesOf(client)));
  }

  @Post(':clientId')
  @UseGuards(CsrfGuard)
  async update(
    @Param('clientId') clientId: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const client = await this.clients.get(clientId);
    const input = clientInputOf(body, false);
    const check = await validateForm(UpdateClientDto, input);
    if (!check.ok) return this.view.render(req, res, 'client-form', clientFormPage(client, input, check.errors), 400);
    // Only what changed is sent, so the audit trail names the fields that really changed.
    const changes = changedFields(client, check.dto);
    if (Object.keys(changes).length === 0)
      return res.redirect(303, withNotice(clientUrl(clientId), 'client-unchanged'));
    try {
      const saved = await this.clients.update(clientId, changes, by);
      if (saved.client_secret)
        return this.view.render(
          req,
          res,
          'client-secret',
          clientSecretPage(saved.client, saved.client_secret, 'saved'),
        );
      res.redirect(303, withNotice(clientUrl(clientId), 'client-saved'));
    } catch (error) {
      const refusal = refusalAsFieldErrors(error, CLIENT_FORM_FIELDS);
      this.view.render(req, res, 'client-form', clientFormPage(client, input, refusal.errors), refusal.status);
    }
  }

  @Get(':clientId/secret')
  async confirmRotation(@Param('clientId') clientId: string, @Req() req: ConsoleRequest, @Res() res: Response) {
    this.view.render(req, res, 'confirm', rotateSecretConfirmation(await this.clients.get(clientId)));
  }

  @Post(':clientId/secret')
  @UseGuards(CsrfGuard)
  async rotateSecret(
    @Param('clientId') clientId: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const client = await this.clients.get(clientId);
    if (!isConfirmed(body)) return this.view.render(req, res, 'confirm', rotateSecretConfirmation(client));
    const { client_secret } = await this.clients.rotateSecret(clientId, null, by);
    this.view.render(req, res, 'client-secret', clientSecretPage(client, client_secret, 'rotated'));
  }

  @Get(':clientId/delete')
  async confirmDelete(@Param('clientId') clientId: string, @Req() req: ConsoleRequest, @Res() res: Response) {
    this.view.render(req, res, 'confirm', deleteClientConfirmation(await this.clients.get(clientId)));
  }

  @Post(':clientId/delete')
  @UseGuards(CsrfGuard)
  async delete(
    @Param('clientId') clientId: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const client = await this.clients.get(clientId);
    if (!isConfirmed(body)) return this.view.render(req, res, 'confirm', deleteClientConfirmation(client));
    await this.clients.delete(clientId, by);
    res.redirect(303, withNotice(consoleUrl('clients'), 'client-deleted'));
  }
}
