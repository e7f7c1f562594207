import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../../webhooks/webhook-event-types';
import { AdminWebhooksService } from '../../webhooks/admin-webhooks.service';
import { CreateWebhookDto } from '../../webhooks/webhook.dto';
import { checkedForm } from '../access/console-form-check';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import { isChecked, optionalTextOf, textOf, wordsOf, type FormBody } from '../forms/form-input';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';

const webhookUrl = (id: string, ...rest: string[]) => consoleUrl('webhooks', id, ...rest);
const when = (d: Date | null) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 19) : '');

/** Webhook subscriptions and their delivery history; secrets are shown once, on the page that made them. */
@ConsolePages()
@Controller('admin/console/webhooks')
export class ConsoleWebhooksController {
  constructor(
    private readonly webhooks: AdminWebhooksService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const hooks = await this.webhooks.list();
    this.view.render(req, res, 'webhooks', {
      title: 'Webhooks',
      section: 'webhooks',
      action: consoleUrl('webhooks'),
      eventTypes: SUBSCRIBABLE_EVENT_TYPES.join(' '),
      webhooks: hooks.map((h) => ({
        url: h.url,
        href: webhookUrl(h.id),
        events: h.event_types.join(' '),
        enabled: h.enabled,
      })),
    });
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const dto = await checkedForm(CreateWebhookDto, {
      url: textOf(body, 'url'),
      event_types: wordsOf(body, 'event_types'),
      description: optionalTextOf(body, 'description'),
    });
    const { webhook, secret } = await this.webhooks.create(dto, by);
    this.view.render(
      req,
      res,
      'webhook-secret',
      { title: 'Webhook secret', section: 'webhooks', secret, href: webhookUrl(webhook.id) },
      201,
    );
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const hook = await this.webhooks.get(id);
    const deliveries = await this.webhooks.deliveries(id);
    this.view.render(req, res, 'webhook', {
      title: `Webhook ${new URL(hook.url).host}`,
      section: 'webhooks',
      webhook: {
        ...hook,
        events: hook.event_types.join(' '),
        toggleAction: webhookUrl(id, 'toggle'),
        rotateAction: webhookUrl(id, 'rotate-secret'),
        deleteAction: webhookUrl(id, 'delete'),
      },
      deliveries: deliveries.map((d) => ({
        ...d,
        created: when(d.created_at),
        lastAttempt: when(d.last_attempt_at),
        delivered: d.state === 'delivered',
      })),
    });
  }

  @Post(':id/toggle')
  @UseGuards(CsrfGuard)
  async toggle(@Param('id') id: string, @Body() body: FormBody, @ConsoleActor() by: AuditActor, @Res() res: Response) {
    await this.webhooks.update(id, { enabled: isChecked(body, 'enabled') }, by);
    res.redirect(303, withNotice(webhookUrl(id), 'webhook-saved'));
  }

  @Post(':id/rotate-secret')
  @UseGuards(CsrfGuard)
  async rotate(
    @Param('id') id: string,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ) {
    const { secret } = await this.webhooks.rotateSecret(id, by);
    this.view.render(req, res, 'webhook-secret', {
      title: 'Webhook secret',
      section: 'webhooks',
      secret,
      href: webhookUrl(id),
    });
  }

  @Post(':id/delete')
  @UseGuards(CsrfGuard)
  async delete(@Param('id') id: string, @ConsoleActor() by: AuditActor, @Res() res: Response) {
    await this.webhooks.delete(id, by);
    res.redirect(303, withNotice(consoleUrl('webhooks'), 'webhook-deleted'));
  }
}
