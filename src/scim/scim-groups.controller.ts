import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../audit/audit-event-input';
import { ScimActor, ScimEndpoint } from './scim-pages.decorator';
import { sendScim } from './scim-response';
import { SCIM_PATH } from './scim-schemas';
import { ScimGroupsService } from './scim-groups.service';

type Body = Record<string, unknown>;

/** RFC 7644 §3: /scim/v2/Groups. */
@ScimEndpoint()
@Controller(`${SCIM_PATH.slice(1)}/Groups`)
export class ScimGroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  @Get()
  async list(@Query() query: Record<string, string>, @Res() res: Response) {
    sendScim(res, 200, await this.groups.list(query));
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res() res: Response) {
    sendScim(res, 200, await this.groups.get(id));
  }

  @Post()
  async create(@Body() body: Body, @ScimActor() by: AuditActor, @Res() res: Response) {
    sendScim(res, 201, await this.groups.create(body ?? {}, by));
  }

  @Put(':id')
  async replace(
    @Param('id') id: string,
    @Body() body: Body,
    @Headers('if-match') ifMatch: string | undefined,
    @ScimActor() by: AuditActor,
    @Res() res: Response,
  ) {
    sendScim(res, 200, await this.groups.replace(id, body ?? {}, ifMatch, by));
  }

  @Patch(':id')
  async patch(
    @Param('id') id: string,
    @Body() body: Body,
    @Headers('if-match') ifMatch: string | undefined,
    @ScimActor() by: AuditActor,
    @Res() res: Response,
  ) {
    sendScim(res, 200, await this.groups.patch(id, body ?? {}, ifMatch, by));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @ScimActor() by: AuditActor,
    @Res() res: Response,
  ) {
    await this.groups.delete(id, ifMatch, by);
    sendScim(res, 204);
  }
}
