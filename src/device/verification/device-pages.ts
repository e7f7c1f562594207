import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { consentClient } from '../../interaction/consent/consent-client';
import { CsrfTokens } from '../../interaction/csrf/csrf-tokens';
import type { LoginPageState } from '../../interaction/login/login-page-state';
import { ConsentPage } from '../../interaction/pages/consent-page';
import { renderLoginPage } from '../../interaction/pages/login-page';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { Client } from '../../clients/client.entity';
import { issueCsrfToken } from '../../common/http/csrf';
import { AppConfig } from '../../config/app-config';
import { forgotPasswordUrl, signupUrl } from '../../account/account-paths';
import { SignupService } from '../../account/signup/signup.service';
import { MailService } from '../../mail/mail.service';
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
    private readonly consentPage: ConsentPage,
    private readonly mail: MailService,
    private readonly signup: SignupService,
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

  async login(res: Response, verification: DeviceVerification, state: LoginPageState = {}): Promise<void> {
    const csrf = this.csrf.forInteraction(loginCsrfSubject(verification.binding));
    const forgotPassword = this.mail.enabled ? forgotPasswordUrl(DEVICE_VERIFICATION_PATH) : undefined;
    const signup = (await this.signup.enabled()) ? signupUrl(DEVICE_VERIFICATION_PATH) : undefined;
    renderLoginPage(res, { client: consentClient(verification.client), csrf, forgotPassword, signup }, state);
  }

  /** RFC 8628 §5.4: who is asking, and that a device is being signed in, so a phished user may notice. */
  consent(res: Response, verification: DeviceVerification, session: BrowserSession): Promise<void> {
    const { client, code } = verification;
    return this.consentPage.render(res, {
      client,
      session,
      scope: code.scope,
      device: true,
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
