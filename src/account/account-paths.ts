/** The self-service pages' paths (issue #18). */
export const FORGOT_PASSWORD_PATH = '/account/password/forgot';
export const RESET_PASSWORD_PATH = '/account/password/reset';
export const VERIFY_EMAIL_PATH = '/account/email/verify';
export const RESEND_VERIFICATION_PATH = '/account/email/resend';
export const SIGNUP_PATH = '/account/signup';

/**
 * Where a reset may send the browser back to: only the sign-in pages of this server (an
 * application's, the device flow's, the account page's), by path, so a crafted link cannot turn
 * the reset pages into an open redirect.
 */
const RETURN_PATHS = /^\/(?:interaction\/[A-Za-z0-9_-]{1,128}\/login|oauth2\/device(?:\/login)?|account)$/;

export function safeReturnPath(value: unknown): string | undefined {
  return typeof value === 'string' && RETURN_PATHS.test(value) ? value : undefined;
}

/** The "Forgot password?" link of a sign-in page, coming back to it afterwards. */
export function forgotPasswordUrl(loginPagePath: string): string {
  const back = safeReturnPath(loginPagePath);
  // The path holds only letters, digits, '_', '-' and '/' (RETURN_PATHS), all safe in a query.
  return back ? `${FORGOT_PASSWORD_PATH}?return_to=${back}` : FORGOT_PASSWORD_PATH;
}

/** The "Create an account" link of a sign-in page, continuing its sign-in afterwards. */
export function signupUrl(loginPagePath: string): string {
  const back = safeReturnPath(loginPagePath);
  return back ? `${SIGNUP_PATH}?return_to=${back}` : SIGNUP_PATH;
}

/** The authorization interaction a login page path belongs to (/interaction/<id>/login). */
export function interactionIdOf(returnTo: string): string | undefined {
  return /^\/interaction\/([A-Za-z0-9_-]{1,128})\/login$/.exec(returnTo)?.[1];
}
