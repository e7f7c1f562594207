import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { issueCsrfToken } from '../../common/http/csrf';
import { AppConfig } from '../../config/app-config';
import { AccountSecuritySession } from './account-security-session';
import { securityReturnPath } from './security-return';
import { SecuritySections } from './security-sections';

export const SECURITY_PAGE = '/account/security';

/**
 * The account's "Sign-in methods" page: every registered SecuritySection, each with its own
 * forms. Not signed in: the account page, which asks to sign in.
 */
@ApiExcludeController()
@Controller('account/security')
export class SecurityPageController {
  constructor(
    private readonly signedIn: AccountSecuritySession,
    private readonly sections: SecuritySections,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const current = await this.signedIn.of(req);
    if (!current) return res.redirect(303, '/account?next=security');
    const sections = await Promise.all(
      this.sections.all().map(async (s) => ({ name: s.name, data: await s.data(req, current.user, current.session) })),
    );
    res.locals.userLocale = current.user.locale;
    res.render('account/security', {
      title: 'Sign-in methods',
      user: current.user,
      csrf: issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies }),
      saved: typeof req.query.saved === 'string' ? req.query.saved : undefined,
      problem: typeof req.query.problem === 'string' ? req.query.problem : undefined,
      // A sign-in that needs a factor set up first comes back here (security-return.ts).
      returnTo: securityReturnPath(req.query.return_to),
      sections,
    });
  }
}
