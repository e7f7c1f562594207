import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { consentClient } from '../../authorization/consent/consent-client';
import { CsrfTokens } from '../../authorization/csrf/csrf-tokens';
import type { BrowserSession } from '../../authorization/entities/browser-session.entity';
import type { Client } from '../../clients/client.entity';
import { issueCsrfToken } from '../../common/http/csrf';
import { AppConfig } from '../../config/app-config';
import { forgotPasswordUrl } from '../../account/account-paths';
import { MailService } from '../../mail/mail.service';
import { ScopesService } from '../../scopes/scopes.service';
import { UsersService } from '../../users/users.service';
import { DEVICE_VERIFICATION_PATH } from '../device-paths';
import { formatUserCode, normaliseUserCode } from '../user-code';
import { consentCsrfSubject, loginCsrfSubject } from './device-binding';
import type { DeviceVerification } from './device-verification';

export interface PageState {
  status?: number;
  error?: string;
}

const MAX_SHOWN_CODE = 64;

/**
 * The verification pages: the code entry page (views/device.hbs), then the same login and
 * consent pages as the authorization endpoint's (views/login.hbs, views/consent.hbs), then
 * where the user stands (views/device-result.hbs).
 */
@Injectable()
export class DevicePages {
  private readonly action: string;

  constructor(
    private readonly config: AppConfig,
    private readonly csrf: CsrfTokens,
    private readonly scopes: ScopesService,
    private readonly users: UsersService,
    private readonly mail: MailService,
  ) {
    this.action = `${config.issuer}${DEVICE_VERIFICATION_PATH}`;
  }

  /** RFC 8628 §3.3: the user types the code, or checks the one verification_uri_complete filled in (§3.3.1). */
  enterCode(req: Request, res: Response, typed: unknown, state: PageState = {}): void {
    const normalised = normaliseUserCode(typed);
    const shown = normalised
      ? formatUserCode(normalised)
      : typeof typed === 'string'
        ? typed.slice(0, MAX_SHOWN_CODE)
        : '';
    res.status(state.status ?? 200).render('device', {
      title: 'Connect a device',
      action: this.action,
      userCode: shown,
      prefilled: normalised !== undefined && !state.error,
      error: state.error,
      csrf: issueCsrfToken(req, res, { secret: this.config.cookieSecret, secure: this.config.secureCookies }),
    });
  }

  login(res: Response, verification: DeviceVerification, state: PageState & { login?: string } = {}): void {
    res.status(state.status ?? 200).render('login', {
      title: 'Sign in',
      clientName: verification.client.clientName,
      login: state.login ?? '',
      error: state.error,
      csrf: this.csrf.forInteraction(loginCsrfSubject(verification.binding)),
      forgotPasswordUrl: this.mail.enabled ? forgotPasswordUrl(DEVICE_VERIFICATION_PATH) : undefined,
    });
  }

  async consent(res: Response, verification: DeviceVerification, session: BrowserSession): Promise<void> {
    const { client, code } = verification;
    const [user, scopes] = await Promise.all([
      this.users.findById(session.userId),
      this.scopes.findByNames(code.scope),
    ]);
    const descriptions = new Map(scopes.map((s) => [s.name, s.description]));
    res.render('consent', {
      title: 'Allow {client}?',
      // RFC 8628 §5.4: who is asking, so a user handed someone else's code may notice.
      ...consentClient(client),
      username: user?.username,
      // RFC 8628 §5.4: say that a device is being signed in, so a phished user may notice.
      device: true,
      scopes: code.scope.map((name) => ({ name, description: descriptions.get(name) ?? name })),
      csrf: this.csrf.forInteraction(consentCsrfSubject(verification.binding, session.id)),
    });
  }

  result(res: Response, client: Client, approved: boolean): void {
    res.render('device-result', {
      title: approved ? 'Device connected' : 'Access denied',
      clientName: client.clientName,
      approved,
    });
  }
}
