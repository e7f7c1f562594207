import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminApi } from '../http/admin-api.decorator';
import { PageOf } from '../../http/page.dto';
import { AdminOutboxService } from '../../outbox/admin-outbox.service';
import { OutboxDeliveryDto, OutboxQueryDto } from '../../outbox/outbox-delivery.dto';

const OutboxDeliveryPage = PageOf(OutboxDeliveryDto, 'OutboxDeliveryPage');

@AdminApi('Outbox')
@Controller('admin/outbox')
export class AdminOutboxController {
  constructor(private readonly outbox: AdminOutboxService) {}

  @Get()
  @ApiOperation({
    summary:
      'List outbox deliveries (mail, …), newest first; state=failed lists those given up after their last attempt',
  })
  @ApiOkResponse({ type: OutboxDeliveryPage })
  list(@Query() query: OutboxQueryDto) {
    return this.outbox.list(query);
  }
}
