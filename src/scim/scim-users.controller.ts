import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../audit/audit-event-input';
import type { ScimRequest } from './scim-auth.guard';
import { ScimActor, ScimEndpoint } from './scim-pages.decorator';
import { sendScim } from './scim-response';
import { SCIM_PATH } from './scim-schemas';
import { ScimUsersService } from './scim-users.service';

type Body = Record<string, unknown>;

/** RFC 7644 §3: /scim/v2/Users. */
@ScimEndpoint()
@Controller(`${SCIM_PATH.slice(1)}/Users`)
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  @Get()
  async list(@Query() query: Record<string, string>, @Res() res: Response) {
    sendScim(res, 200, await this.users.list(query));
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res() res: Response) {
    sendScim(res, 200, await this.users.get(id));
  }

  @Post()
  async create(@Body() body: Body, @ScimActor() by: AuditActor, @Res() res: Response) {
    sendScim(res, 201, await this.users.create(body ?? {}, by));
  }

  @Put(':id')
  async replace(
    @Param('id') id: string,
    @Body() body: Body,
    @Headers('if-match') ifMatch: string | undefined,
    @ScimActor() by: AuditActor,
    @Res() res: Response,
  ) {
    sendScim(res, 200, await this.users.replace(id, body ?? {}, ifMatch, by));
  }

  @Patch(':id')
  async patch(
    @Param('id') id: string,
    @Body() body: Body,
    @Headers('if-match') ifMatch: string | undefined,
    @ScimActor() by: AuditActor,
    @Res() res: Response,
  ) {
    sendScim(res, 200, await this.users.patch(id, body ?? {}, ifMatch, by));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @ScimActor() by: AuditActor,
    @Req() req: ScimRequest,
    @Res() res: Response,
  ) {
    await this.users.delete(id, ifMatch, req.scimToken!.onDelete, by);
    sendScim(res, 204);
  }
}
