import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { UsersError, UsersErrorCode } from '../../../users/users.error';
import { UsersService } from '../../../users/users.service';
import { AdminGroupsService } from '../../access/admin-groups.service';
import { AdminRolesService } from '../../access/admin-roles.service';
import { CreateRoleDto, CreateRoleGrantDto, UpdateRoleDto } from '../../access/role.dto';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import { optionalTextOf, textOf, type FormBody } from '../forms/form-input';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';
import { roleListPage, rolePage, roleUrl } from './access-pages';
import { checkedForm } from './console-form-check';

/** Roles, global or of a client, and whom they are granted to. */
@ConsolePages()
@Controller('admin/console/roles')
export class ConsoleRolesController {
  constructor(
    private readonly roles: AdminRolesService,
    private readonly groups: AdminGroupsService,
    private readonly users: UsersService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.view.render(req, res, 'roles', roleListPage(await this.roles.list()));
  }

  @Post()
  @UseGuards(CsrfGuard)
  async create(@Body() body: FormBody, @ConsoleActor() by: AuditActor, @Res() res: Response): Promise<void> {
    const dto = await checkedForm(CreateRoleDto, {
      name: textOf(body, 'name'),
      client_id: optionalTextOf(body, 'client_id'),
      description: optionalTextOf(body, 'description'),
    });
    const role = await this.roles.create(dto, by);
    res.redirect(303, withNotice(roleUrl(role.id), 'role-saved'));
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const role = await this.roles.get(id);
    const [grants, groups] = await Promise.all([this.roles.grants(id), this.groups.list()]);
    this.view.render(req, res, 'role', rolePage(role, grants, groups));
  }

  @Post(':id')
  @UseGuards(CsrfGuard)
  async update(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Res() res: Response,
  ): Promise<void> {
    const dto = await checkedForm(UpdateRoleDto, { description: optionalTextOf(body, 'description') });
    await this.roles.update(id, dto, by);
    res.redirect(303, withNotice(roleUrl(id), 'role-saved'));
  }

  /** Granted to the user named (username or email), or else to the group chosen. */
  @Post(':id/grants')
  @UseGuards(CsrfGuard)
  async grant(
    @Param('id') id: string,
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Res() res: Response,
  ): Promise<void> {
    const login = textOf(body, 'username');
    let input: Record<string, string | undefined>;
    if (login) {
      const user = await this.users.findByLogin(login);
      if (!user) throw new UsersError(UsersErrorCode.UserNotFound, `no user ${login}`);
      input = { user_id: user.id };
    } else {
      input = { group_id: optionalTextOf(body, 'group_id') ?? undefined };
    }
    await this.roles.grant(id, await checkedForm(CreateRoleGrantDto, input), by);
    res.redirect(303, withNotice(roleUrl(id), 'role-granted'));
  }

  @Post(':id/grants/:grantId/revoke')
  @UseGuards(CsrfGuard)
  async revoke(
    @Param('id') id: string,
    @Param('grantId') grantId: string,
    @ConsoleActor() by: AuditActor,
    @Res() res: Response,
  ): Promise<void> {
    await this.roles.revoke(id, grantId, by);
    res.redirect(303, withNotice(roleUrl(id), 'role-grant-revoked'));
  }

  @Post(':id/delete')
  @UseGuards(CsrfGuard)
  async delete(@Param('id') id: string, @ConsoleActor() by: AuditActor, @Res() res: Response): Promise<void> {
    await this.roles.delete(id, by);
    res.redirect(303, withNotice(consoleUrl('roles'), 'role-deleted'));
  }
}
