import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { UsersError, UsersErrorCode } from '../../../users/users.error';
import { UsersService } from '../../../users/users.service';
import { AdminGroupsService } from '../../access/admin-groups.service';
import { CreateGroupDto, UpdateGroupDto } from '../../access/group.dto';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import { optionalTextOf, textOf, type FormBody } from '../forms/form-input';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import { groupListPage, groupPage, groupUrl } from './access-pages';
import { checkedForm } from './console-form-check';

/** Groups: the tree, one group's members and place in it. Refusals (cycles, depth, names) show as error pages. */
@ConsolePages()
@Controller('admin/console/groups')
export class ConsoleGroupsController {
  constructor(
    private readonly groups: AdminGroupsService,
    private readonly users: UsersService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'groups', groupListPage(await this.groups.list()));
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(@Body() body: FormBody, @ConsoleActor() by: AuditActor, @Res() res: Response): Promise<void> {
    const dto = await checkedForm(CreateGroupDto, {
      name: textOf(body, 'name'),
      description: optionalTextOf(body, 'description'),
      parent_id: optionalTextOf(body, 'parent_id'),
    });
    const group = await this.groups.create(dto, by);
    res.redirect(303, withNotice(groupUrl(group.id), 'group-saved'));
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const group = await this.groups.get(id);
    const [all, members] = await Promise.all([this.groups.list(), this.groups.members(id)]);
    this.view.render(req, res, 'group', groupPage(group, all, members));
  }

  @Post(':id')
  @UseGuards(CsrfGuard)
  async update(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Res() res: Response,
  ): Promise<void> {
    const dto = await checkedForm(UpdateGroupDto, {
      name: textOf(body, 'name'),
      description: optionalTextOf(body, 'description'),
      parent_id: optionalTextOf(body, 'parent_id'),
    });
    await this.groups.update(id, dto, by);
    res.redirect(303, withNotice(groupUrl(id), 'group-saved'));
  }

  @Post(':id/members')
  @UseGuards(CsrfGuard)
  async addMember(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Res() res: Response,
  ): Promise<void> {
    const login = textOf(body, 'username');
    const user = login ? await this.users.findByLogin(login) : null;
    if (!user) throw new UsersError(UsersErrorCode.UserNotFound, `no user ${login || '(none given)'}`);
    await this.groups.addMember(id, user.id, by);
    res.redirect(303, withNotice(groupUrl(id), 'member-added'));
  }

  @Post(':id/members/:userId/remove')
  @UseGuards(CsrfGuard)
  async removeMember(
    @Param('id') id: string,
    @Param('userId') userId: string,
    @ConsoleActor() by: AuditActor,
    @Res() res: Response,
  ): Promise<void> {
    await this.groups.removeMember(id, userId, by);
    res.redirect(303, withNotice(groupUrl(id), 'member-removed'));
  }

  @Post(':id/delete')
  @UseGuards(CsrfGuard)
  async delete(@Param('id') id: string, @ConsoleActor() by: AuditActor, @Res() res: Response): Promise<void> {
    await this.groups.delete(id, by);
    res.redirect(303, withNotice(consoleUrl('groups'), 'group-deleted'));
  }
}
