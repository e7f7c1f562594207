import type { Response } from 'express';
import { allowSameOriginScripts } from '../../common/http/same-origin-scripts';
import type { ConsentClient } from '../consent/consent-client';
import type { LoginAlternative } from '../login/login-alternatives';
import type { LoginPageState } from '../login/login-page-state';

/** What a flow's login page says besides the outcome of the last attempt (views/login.hbs). */
export interface LoginPageView {
  /**
   * Whom the user signs in to: the client of a flow as the consent page shows it
   * (consentClient), with its logo and the links to its privacy policy and terms, to read
   * before signing in (OIDC Registration §2); or this server itself, by name.
   */
  client: Pick<ConsentClient, 'clientName' | 'logoUri' | 'policy' | 'terms'>;
  /** The form's token, bound to what the flow binds the browser with. */
  csrf: string;
  /** Filled in when the form has not been posted yet (OIDC login_hint). */
  loginHint?: string;
  /** The client asks for a particular account, not named on the page. */
  expectsAccount?: boolean;
  /** Explicit, for when the page answers another URL (a failed "Continue with" post). */
  action?: string;
  alternatives?: LoginAlternative[];
  /** The password reset link, when mail can carry one. */
  forgotPassword?: string;
  /** The "Create an account" link, when the operator allows sign-up. */
  signup?: string;
}

/**
 * The one login page of every flow: the same form, the same messages, and the same passkey
 * sign-in (public/passkey-sign-in.js fetches its challenge, then posts the flow's form; see
 * LoginMethods).
 */
export function renderLoginPage(res: Response, view: LoginPageView, state: LoginPageState = {}): void {
  allowSameOriginScripts(res, { fetches: true });
  res.status(state.status ?? 200).render('login', {
    title: 'Sign in',
    clientName: view.client.clientName,
    logoUri: view.client.logoUri,
    policy: view.client.policy,
    terms: view.client.terms,
    expectsAccount: view.expectsAccount,
    login: state.login ?? view.loginHint ?? '',
    error: state.error,
    csrf: view.csrf,
    loginAction: view.action,
    alternatives: view.alternatives,
    forgotPasswordUrl: view.forgotPassword,
    signupUrl: view.signup,
  });
}
