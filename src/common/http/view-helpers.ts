import hbs from 'hbs';
import type { HelperOptions } from 'handlebars';
import { translate } from '../i18n/catalogs';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';

let registered = false;

/** Partials and helpers for the Handlebars pages; idempotent so tests can build many apps. */
export function registerViewHelpers(partialsDir: string): void {
  if (registered) return;
  registered = true;
  // hbs turns '-' into '_' in partial names unless told otherwise (its typings omit the option);
  // partials chosen by data are named as their section or method is (account-security/recovery-codes).
  const registerPartials = hbs.registerPartials as unknown as (
    this: typeof hbs,
    directory: string,
    options: { rename: (name: string) => string },
  ) => void;
  registerPartials.call(hbs, partialsDir, { rename: (name) => name });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('t', translateHelper);
  // {{> (concat "dir/" name)}}: a partial chosen by data (a registered section's or method's own).
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
}

/**
 * {{t "Allow {client}?" client=clientName}}: the message in the page's language (`lang`, see
 * language-locals.ts), placeholders filled in. Plain text: Handlebars escapes all of it.
 */
export function translateHelper(message: unknown, options: HelperOptions): string {
  if (typeof message !== 'string') return '';
  const root = options.data?.root as { lang?: Language } | undefined;
  return translate(root?.lang ?? DEFAULT_LANGUAGE, message, options.hash as Record<string, unknown>);
}
