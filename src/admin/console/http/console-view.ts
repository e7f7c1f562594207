import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { issueCsrfToken } from '../../../common/http/csrf';
import { AppConfig } from '../../../config/app-config';
import { type ConsoleRequest, principalLabel } from '../auth/console-principal';
import { setConsolePageHeaders } from './console-headers';
import { type ConsoleSection, navFor } from './console-nav';
import { noticeOf } from './notices';

export interface ConsolePage {
  /** The page's h1 and, with the console's name, its document title. */
  title: string;
  section?: ConsoleSection;
  [key: string]: unknown;
}

/** Renders a console page in views/layouts/console.hbs with what every page needs. */
@Injectable()
export class ConsoleView {
  constructor(private readonly config: AppConfig) {}

  render(req: ConsoleRequest, res: Response, view: string, page: ConsolePage, status = 200): void {
    setConsolePageHeaders(res);
    const csrf = issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies });
    res.status(status).render(`console/${view}`, {
      ...page,
      layout: 'layouts/console',
      documentTitle: `${page.title} · Admin console`,
      csrf,
      nav: req.console ? navFor(page.section) : [],
      signedInAs: req.console ? principalLabel(req.console) : undefined,
      notice: noticeOf(req.query),
    });
  }
}
