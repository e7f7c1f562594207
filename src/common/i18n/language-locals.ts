import type { NextFunction, Request, Response } from 'express';
import { chooseLanguage, directionOf } from './languages';

/**
 * What a page renderer may add to res.locals before rendering: the authorization request's
 * ui_locales and the signed-in user's locale claim. `lang` and `dir` are worked out from them
 * and Accept-Language only when a page is rendered (getters), so requests answered with JSON
 * pay nothing.
 */
export interface LanguageHints {
  uiLocales?: string;
  userLocale?: string | null;
}

export function languageLocals(req: Request, res: Response, next: NextFunction): void {
  const locals = res.locals as LanguageHints & Record<string, unknown>;
  const lang = () =>
    chooseLanguage({
      uiLocales: locals.uiLocales,
      userLocale: locals.userLocale,
      acceptLanguage: req.headers['accept-language'],
    });
  Object.defineProperty(locals, 'lang', { get: lang, enumerable: true, configurable: true });
  Object.defineProperty(locals, 'dir', { get: () => directionOf(lang()), enumerable: true, configurable: true });
  next();
}
