import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { Response } from 'express';
import { allowSameOriginScripts } from '../../common/http/same-origin-scripts';
import type { User } from '../../users/user.entity';

/**
 * The page that makes the passkey (views/account/passkey-add.hbs), answered to the form that
 * proved who the user is: it carries the registration options for public/passkey-register.js,
 * whose challenge is the proof's only trace, so nothing of it is cached or kept for later.
 */
export function renderPasskeyAdd(
  res: Response,
  user: User,
  page: { options: PublicKeyCredentialCreationOptionsJSON; name: string; csrf: string; returnTo?: string },
): void {
  allowSameOriginScripts(res);
  res.locals.userLocale = user.locale;
  res.setHeader('Cache-Control', 'no-store');
  res.render('account/passkey-add', {
    title: 'Add a passkey',
    user,
    name: page.name,
    csrf: page.csrf,
    returnTo: page.returnTo,
    options: JSON.stringify(page.options),
  });
}
