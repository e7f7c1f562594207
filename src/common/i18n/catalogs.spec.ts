import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../http/project-root';
import { loadCatalogs, translate } from './catalogs';
import { SUPPORTED_LANGUAGES } from './languages';

const VIEWS = join(projectRoot(), 'views');

/** Every literal message the end-user pages, their shared partials and the mails pass to {{t "…"}}. */
function viewMessages(): string[] {
  const files = ['', 'account', 'layouts', 'mail', 'mail/layouts', 'partials']
    .flatMap((dir) => readdirSync(join(VIEWS, dir)).map((f) => join(VIEWS, dir, f)))
    .filter((f) => f.endsWith('.hbs'));
  const messages = new Set<string>();
  for (const file of files)
    for (const [, message] of readFileSync(file, 'utf8').matchAll(/\{\{t "((?:[^"\\]|\\.)*)"/g)) messages.add(message);
  return [...messages];
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const catalogs = loadCatalogs();

  it('translate every message of the pages into every supported language', () => {
    const messages = viewMessages();
    expect(messages.length).toBeGreaterThan(50);
    for (const language of SUPPORTED_LANGUAGES.filter((l) => l !== 'en')) {
      const missing = messages.filter((m) => !Object.hasOwn(catalogs.get(language)!, m));
      expect([language, missing]).toEqual([language, []]);
    }
  });

  it('keep the placeholders of each message, and hold no empty translation', () => {
    for (const [language, catalog] of catalogs)
      for (const [message, translated] of Object.entries(catalog)) {
        expect([language, message, placeholders(translated)]).toEqual([language, message, placeholders(message)]);
        expect(translated.trim()).not.toBe('');
      }
  });

  it('fill placeholders, and fall back to the English message as written', () => {
    expect(translate('de', 'Signed in as {username}', { username: 'alice' })).toBe('Angemeldet als alice');
    expect(translate('fr', 'Allow {client} to access your account?', { client: 'Shop' })).toBe(
      'Autoriser Shop à accéder à votre compte ?',
    );
    expect(translate('de', 'A message nobody translated, {x}', { x: 1 })).toBe('A message nobody translated, 1');
    expect(translate('en', 'Signed in as {username}', {})).toBe('Signed in as {username}');
  });
});
