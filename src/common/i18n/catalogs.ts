import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../http/project-root';
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, type Language } from './languages';

/**
 * Message catalogs in locales/<language>.json, gettext style: each maps an English message (the
 * key, with `{name}` placeholders) to its translation. English needs no catalog: a message
 * without a translation is shown in English, as written.
 */
export type Catalog = Readonly<Record<string, string>>;

let catalogs: ReadonlyMap<Language, Catalog> | undefined;

export function loadCatalogs(dir = join(projectRoot(), 'locales')): ReadonlyMap<Language, Catalog> {
  const loaded = new Map<Language, Catalog>();
  for (const language of SUPPORTED_LANGUAGES) {
    if (language === DEFAULT_LANGUAGE) continue;
    loaded.set(language, JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8')) as Catalog);
  }
  return loaded;
}

function catalogOf(language: Language): Catalog | undefined {
  catalogs ??= loadCatalogs();
  return catalogs.get(language);
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The message in `language` (English when it has no translation), its placeholders filled in. */
export function translate(language: Language, message: string, values: Record<string, unknown> = {}): string {
  const translated = catalogOf(language)?.[message] ?? message;
  return translated.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name] ?? '') : whole,
  );
}
