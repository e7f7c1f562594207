import { Body, Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditActor } from '../../../audit/audit-event-input';
import { CsrfGuard } from '../../../common/http/csrf.guard';
import { UpdateAccountSettingsDto } from '../../account-settings/account-settings.dto';
import { AdminAccountSettingsService } from '../../account-settings/admin-account-settings.service';
import { AdminApiError } from '../../http/admin-api.error';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import { isChecked, textOf, type FormBody } from '../forms/form-input';
import { validateForm } from '../forms/form-validation';
import { ConsoleActor, ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { withNotice } from '../http/notices';

const MFA_CHOICES = [
  { value: 'off', label: 'Only users who set one up, and applications that require one' },
  { value: 'admins', label: 'Holders of the global role “admin” too' },
  { value: 'all', label: 'Everybody' },
];

/** Sign-up, the password policy (docs/accounts.md) and who needs a second factor (docs/second-factors.md), on one form. */
@ConsolePages()
@Controller('admin/console/account-settings')
export class ConsoleAccountSettingsController {
  constructor(
    private readonly settings: AdminAccountSettingsService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async show(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    this.render(req, res, await this.settings.get());
  }

  @Post()
  @UseGuards(CsrfGuard)
  async save(
    @Body() body: FormBody,
    @ConsoleActor() by: AuditActor,
    @Req() req: ConsoleRequest,
    @Res() res: Response,
  ): Promise<void> {
    const min = textOf(body, 'password_min_length').trim();
    const input = {
      signup_enabled: isChecked(body, 'signup_enabled'),
      signup_email_domains: textOf(body, 'signup_email_domains')
        .split(/[\s,]+/)
        .filter((d) => d !== ''),
      signup_verification: textOf(body, 'signup_verification'),
      self_deletion_enabled: isChecked(body, 'self_deletion_enabled'),
      password_min_length: min === '' ? null : /^\d{1,4}$/.test(min) ? Number(min) : Number.NaN,
      // Left out of the post: unchanged.
      mfa_required: textOf(body, 'mfa_required') || undefined,
    };
    const check = await validateForm(UpdateAccountSettingsDto, input);
    const shown = { ...input, password_min_length: min === '' ? undefined : min };
    if (!check.ok) return this.render(req, res, shown, Object.values(check.errors), 400);
    try {
      await this.settings.update(check.dto, by);
    } catch (error) {
      if (error instanceof AdminApiError) return this.render(req, res, shown, [error.message], 400);
      throw error;
    }
    res.redirect(303, withNotice(consoleUrl('account-settings'), 'account-settings-saved'));
  }

  private render(req: ConsoleRequest, res: Response, values: object, problems: string[] = [], status = 200): void {
    const v = values as Record<string, unknown>;
    this.view.render(
      req,
      res,
      'account-settings',
      {
        title: 'Sign-up and sign-in',
        section: 'account-settings',
        problems,
        signupEnabled: v.signup_enabled === true,
        domains: ((v.signup_email_domains as string[] | undefined) ?? []).join('\n'),
        required: v.signup_verification !== 'optional',
        selfDeletion: v.self_deletion_enabled === true,
        minLength: v.password_min_length ?? '',
        mfaChoices: MFA_CHOICES.map((c) => ({ ...c, selected: c.value === v.mfa_required })),
        action: consoleUrl('account-settings'),
      },
      status,
    );
  }
}
