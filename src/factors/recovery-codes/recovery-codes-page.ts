import type { Response } from 'express';
import type { User } from '../../users/user.entity';

/**
 * The page that shows a new set of recovery codes, the only time they are ever shown (only
 * their hashes are kept), answered to the form that made them: nothing holds them for a later
 * request. `continueTo` is the sign-in waiting for the set-up, or the "Sign-in methods" page;
 * `setUp` the factor whose set-up made them (none: the user asked for a new set).
 */
export function renderRecoveryCodes(
  res: Response,
  user: User,
  page: { codes: string[]; continueTo: string; signingIn: boolean; setUp?: 'app' | 'passkey' },
): void {
  res.locals.userLocale = user.locale;
  res.setHeader('Cache-Control', 'no-store');
  res.render('account/recovery-codes', { title: 'Your recovery codes', user, ...page });
}

/** After a factor's set-up: the recovery codes it brought, when it brought some, else on to `continueTo`. */
export function continueAfterSetUp(
  res: Response,
  user: User,
  codes: string[] | null,
  page: { continueTo: string; signingIn: boolean; setUp: 'app' | 'passkey' },
): void {
  if (!codes) return res.redirect(303, page.continueTo);
  renderRecoveryCodes(res, user, { codes, ...page });
}
