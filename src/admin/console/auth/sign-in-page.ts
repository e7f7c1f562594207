import type { ConsolePage } from '../http/console-view';
import { consoleUrl } from '../console-paths';
import type { LoginFailure } from '../../../interaction/login/login-failure-message';
import { FormView } from '../forms/form-view';

const ACCOUNT_SIGN_IN_URL = consoleUrl('sign-in', 'account');

export function tokenSignInPage(error?: string): ConsolePage {
  const form = new FormView({}, error ? { token: error } : {});
  return {
    title: 'Sign in to the admin console',
    tokenField: form.text('token', 'Admin token', {
      type: 'password',
      autocomplete: 'off',
      required: true,
      help: 'The token from first-run setup, ADMIN_TOKEN, the admin API or the CLI (admin-token rotate). It is sent once; the console then keeps a session of its own.',
    }),
    errorSummary: form.summary(),
    accountHref: ACCOUNT_SIGN_IN_URL,
  };
}

export function accountSignInPage(login = '', failure?: LoginFailure): ConsolePage {
  return {
    title: 'Sign in with your account',
    login,
    error: failure?.message,
    action: ACCOUNT_SIGN_IN_URL,
    tokenHref: consoleUrl('sign-in'),
  };
}

export const NOT_AN_ADMIN: ConsolePage = {
  title: 'Not allowed',
  message: 'This account does not have the admin role, so it cannot open the admin console.',
  switchHref: `${ACCOUNT_SIGN_IN_URL}?switch=1`,
  tokenHref: consoleUrl('sign-in'),
};
