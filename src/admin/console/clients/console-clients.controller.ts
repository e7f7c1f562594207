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
import { submitForm } from '../forms/form-submission';
import type { FieldErrors } from '../forms/form-validation';
import { isConfirmed } from '../http/confirmation';
import { confirmThenRedirect } from '../http/confirmed-action';
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
    const showForm = (errors: FieldErrors, status: number) =>
      this.view.render(req, res, 'client-form', clientFormPage(null, input, errors), status);
    await submitForm(CreateClientDto, input, CLIENT_FORM_FIELDS, showForm, async (dto) => {
      const issued = await this.clients.create(dto, by);
      this.view.render(
        req,
        res,
        'client-secret',
        clientSecretPage(issued.client, issued.client_secret, 'created'),
        201,
      );
    });
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
    const showForm = (errors: FieldErrors, status: number) =>
      this.view.render(req, res, 'client-form', clientFormPage(client, input, errors), status);
    await submitForm(UpdateClientDto, input, CLIENT_FORM_FIELDS, showForm, async (dto) => {
      // Only what changed is sent, so the audit trail names the fields that really changed.
      const changes = changedFields(client, dto);
      if (Object.keys(changes).length === 0)
        return res.redirect(303, withNotice(clientUrl(clientId), 'client-unchanged'));
      const saved = await this.clients.update(clientId, changes, by);
      if (saved.client_secret)
        return this.view.render(
          req,
          res,
          'client-secret',
          clientSecretPage(saved.client, saved.client_secret, 'saved'),
        );
      res.redirect(303, withNotice(clientUrl(clientId), 'client-saved'));
    });
  }

  /** RFC 9700 §4.11.2: an administrator vouches for the client (approved=yes), or no longer does. */
  @Post(':clientId/approval')
  @UseGuards(CsrfGuard)
  async setApproval(
    @Param('clientId') clientId: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Res() res: Response,
  ): Promise<void> {
    const approved = textOf(body, 'approved') === 'yes';
    await this.clients.setApproval(clientId, approved, by);
    res.redirect(303, withNotice(clientUrl(clientId), approved ? 'client-approved' : 'client-approval-withdrawn'));
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
    const confirmation = deleteClientConfirmation(await this.clients.get(clientId));
    const done = withNotice(consoleUrl('clients'), 'client-deleted');
    await confirmThenRedirect(this.view, req, res, body, confirmation, () => this.clients.delete(clientId, by), done);
  }
}
