/** The languages of the end-user pages and mails; English is the source every catalog translates. */
export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Written right to left; none is supported yet, but the pages set `dir` from this when one is. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'yi']);

export const directionOf = (language: string): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr');

const TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** The supported language for one BCP 47 tag: itself, or its primary subtag (fr-CA → fr). */
function supported(tag: string): Language | undefined {
  if (!TAG.test(tag)) return undefined;
  const lower = tag.toLowerCase();
  const primary = lower.split('-')[0];
  return SUPPORTED_LANGUAGES.find((l) => l === lower) ?? SUPPORTED_LANGUAGES.find((l) => l === primary);
}

/** Accept-Language (RFC 9110 §12.5.4): the tags by descending q, q=0 dropped; at most 20 looked at. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header || header.length > 1000) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && entry.tag !== '*')
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The page's language: the first supported tag of `ui_locales` (OIDC Core §3.1.2.1, space
 * separated, in order of preference), then the user's `locale` claim, then Accept-Language,
 * then English.
 */
export function chooseLanguage(choice: {
  uiLocales?: string;
  userLocale?: string | null;
  acceptLanguage?: string;
}): Language {
  const candidates = [
    ...(choice.uiLocales?.split(' ').slice(0, 20) ?? []),
    ...(choice.userLocale ? [choice.userLocale.replace('_', '-')] : []),
    ...acceptedLanguages(choice.acceptLanguage),
  ];
  for (const tag of candidates) {
    const language = supported(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}
