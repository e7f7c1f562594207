import { acceptedLanguages, chooseLanguage, directionOf } from './languages';

describe('chooseLanguage', () => {
  it('takes ui_locales first, in order, then the user locale, then Accept-Language, then English', () => {
    expect(chooseLanguage({ uiLocales: 'es fr-CA de', userLocale: 'de', acceptLanguage: 'de' })).toBe('fr');
    expect(chooseLanguage({ uiLocales: 'es', userLocale: 'de_DE', acceptLanguage: 'fr' })).toBe('de');
    expect(chooseLanguage({ acceptLanguage: 'es;q=0.9, fr;q=0.8, de;q=0.85' })).toBe('de');
    expect(chooseLanguage({ acceptLanguage: 'es, it' })).toBe('en');
    expect(chooseLanguage({})).toBe('en');
  });

  it('ignores malformed tags and q=0', () => {
    expect(chooseLanguage({ uiLocales: '<script> ../de', acceptLanguage: 'fr;q=0, de;q=0.1' })).toBe('de');
    expect(acceptedLanguages('x'.repeat(2000))).toEqual([]);
    expect(acceptedLanguages('*, en;q=0.5')).toEqual(['en']);
  });

  it('sets the direction of right-to-left languages', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('de')).toBe('ltr');
  });
});
