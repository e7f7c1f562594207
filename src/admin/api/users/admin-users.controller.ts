import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { PageOf, SearchPageQueryDto } from '../../http/page.dto';
import { AdminUserFactorsService } from '../../users/admin-user-factors.service';
import { AdminUserMailService } from '../../users/admin-user-mail.service';
import { AdminUsersService } from '../../users/admin-users.service';
import { MailSentDto } from '../../users/user-mail.dto';
import { ConsentDto, GrantDto, RevokedCountDto, SessionDto } from '../../users/user-access.dto';
import { FactorsResetDto, UserFactorsDto } from '../../users/user-factors.dto';
import { CreateUserDto, SetPasswordDto, UpdateUserDto, UserDto } from '../../users/user.dto';

const UserPage = PageOf(UserDto, 'UserPage');

@AdminApi('Users')
@Controller('admin/users')
@AdminNotFoundResponse('No such user (or session, consent, grant)')
export class AdminUsersController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly mail: AdminUserMailService,
    private readonly factors: AdminUserFactorsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users, optionally matching a search in username, email or name' })
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: SearchPageQueryDto) {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id') id: string) {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserDto })
  @AdminConflictResponse('username or email is taken')
  create(@Body() dto: CreateUserDto, @AuditedBy() by: AuditActor) {
    return this.users.create(dto, by);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user’s username or claims; null clears a claim' })
  @ApiOkResponse({ type: UserDto })
  @AdminConflictResponse('username or email is taken')
  update(@Param('id') id: string, @Body() dto: UpdateUserDto, @AuditedBy() by: AuditActor) {
    return this.users.update(id, dto, by);
  }

  @Put(':id/password')
  @ApiOperation({ summary: 'Set a user’s password' })
  @AdminNoContent('Set')
  setPassword(@Param('id') id: string, @Body() dto: SetPasswordDto, @AuditedBy() by: AuditActor): Promise<void> {
    return this.users.setPassword(id, dto.password, by);
  }

  @Post(':id/email-verification')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail the user a link to confirm their email address (valid a day, single use)' })
  @ApiAcceptedResponse({ type: MailSentDto })
  @AdminConflictResponse('the user has no email address, it is verified already, or mail is off')
  sendVerification(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.mail.sendVerification(id, by);
  }

  @Post(':id/password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail the user a link to choose a new password (valid 15 minutes, single use)' })
  @ApiAcceptedResponse({ type: MailSentDto })
  @AdminConflictResponse('the user has no email address, or mail is off')
  sendPasswordReset(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.mail.sendPasswordReset(id, by);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a user: their sessions end and their grants and tokens are revoked' })
  @ApiOkResponse({ type: UserDto })
  disable(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.users.disable(id, by);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user' })
  @ApiOkResponse({ type: UserDto })
  enable(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.users.enable(id, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a user with their sessions, consents, grants and tokens' })
  @AdminNoContent('Deleted')
  delete(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.users.delete(id, by);
  }

  @Get(':id/sessions')
  @ApiOperation({ summary: 'List a user’s browser sessions, newest first' })
  @ApiOkResponse({ type: [SessionDto] })
  sessions(@Param('id') id: string) {
    return this.users.sessions(id);
  }

  @Delete(':id/sessions')
  @ApiOperation({ summary: 'End every open session of a user (sign them out everywhere)' })
  @ApiOkResponse({ type: RevokedCountDto })
  endSessions(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.users.endSessions(id, by);
  }

  @Delete(':id/sessions/:sessionId')
  @ApiOperation({ summary: 'End one session of a user' })
  @ApiOkResponse({ type: RevokedCountDto })
  endSession(@Param('id') id: string, @Param('sessionId') sessionId: string, @AuditedBy() by: AuditActor) {
    return this.users.endSessions(id, by, sessionId);
  }

  @Get(':id/consents')
  @ApiOperation({ summary: 'List what a user has allowed each client' })
  @ApiOkResponse({ type: [ConsentDto] })
  consents(@Param('id') id: string) {
    return this.users.consents(id);
  }

  @Delete(':id/consents/:clientId')
  @ApiOperation({
    summary: 'Take back a user’s consent to a client',
    description: 'The client’s grants from this user are revoked too; `count` says how many.',
  })
  @ApiOkResponse({ type: RevokedCountDto })
  revokeConsent(@Param('id') id: string, @Param('clientId') clientId: string, @AuditedBy() by: AuditActor) {
    return this.users.revokeConsent(id, clientId, by);
  }

  @Get(':id/grants')
  @ApiOperation({ summary: 'List a user’s grants (each ties together the tokens of one authorization)' })
  @ApiOkResponse({ type: [GrantDto] })
  grants(@Param('id') id: string) {
    return this.users.grants(id);
  }

  @Delete(':id/grants')
  @ApiOperation({ summary: 'Revoke every grant of a user: all their tokens stop working' })
  @ApiOkResponse({ type: RevokedCountDto })
  revokeGrants(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.users.revokeGrants(id, by);
  }

  @Delete(':id/grants/:grantId')
  @ApiOperation({ summary: 'Revoke one grant of a user and every token issued from it' })
  @ApiOkResponse({ type: RevokedCountDto })
  revokeGrant(@Param('id') id: string, @Param('grantId') grantId: string, @AuditedBy() by: AuditActor) {
    return this.users.revokeGrants(id, by, grantId);
  }

  @Get(':id/factors')
  @ApiOperation({ summary: 'List the second factors a user has enrolled (one-time codes, recovery codes, passkeys)' })
  @ApiOkResponse({ type: UserFactorsDto })
  listFactors(@Param('id') id: string) {
    return this.factors.list(id);
  }

  @Delete(':id/factors')
  @ApiOperation({
    summary: 'Reset a user’s second factors: every enrolment of every method is removed',
    description:
      'For a user who lost their device. Only the factors go: sessions, tokens and the password stay (end the sessions apart if needed). A user the policy asks for a second factor sets one up at the next sign-in.',
  })
  @ApiOkResponse({ type: FactorsResetDto })
  resetFactors(@Param('id') id: string, @AuditedBy() by: AuditActor) {
    return this.factors.reset(id, by);
  }
}
