import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminWebhooksService } from '../../webhooks/admin-webhooks.service';
import {
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
  WebhookSecretDto,
  WebhookWithSecretDto,
} from '../../webhooks/webhook.dto';

@AdminApi('Webhooks')
@Controller('admin/webhooks')
@AdminNotFoundResponse('No such webhook')
export class AdminWebhooksController {
  constructor(private readonly webhooks: AdminWebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'List webhook subscriptions' })
  @ApiOkResponse({ type: [WebhookDto] })
  list() {
    return this.webhooks.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a webhook subscription' })
  @ApiOkResponse({ type: WebhookDto })
  get(@Param('id') id: string) {
    return this.webhooks.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to audit event types; the signing secret is shown once' })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  create(@Body() dto: CreateWebhookDto, @AuditedBy() by: AuditActor) {
    return this.webhooks.create(dto, by);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, event types, description, or switch it on or off' })
  @ApiOkResponse({ type: WebhookDto })
  update(@Param('id') id: string, @Body() dto: UpdateWebhookDto, @AuditedBy() by: AuditActor) {
    return this.webhooks.update(id, dto, by);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret; the new one is shown once' })
  @ApiOkResponse({ type: WebhookSecretDto })
  rotateSecret(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.webhooks.rotateSecret(id, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a subscription; deliveries not yet made are dropped' })
  @AdminNoContent('Deleted')
  delete(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.webhooks.delete(id, by);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The latest 50 deliveries, newest first: state, attempts, last status or error' })
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  deliveries(@Param('id') id: string) {
    return this.webhooks.deliveries(id);
  }
}
