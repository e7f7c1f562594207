import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogs } from '../../common/i18n/catalogs';
import { projectRoot } from '../../common/http/project-root';
import { SUPPORTED_LANGUAGES } from '../../common/i18n/languages';
import { RECOVERY_CODE_MESSAGES } from '../recovery-codes/recovery-code.method';
import { TOO_MANY_CODES } from './code-attempts';
import { TOTP_MESSAGES } from './totp.method';

// The partials are not among the views the catalogs spec reads.
const PARTIALS = [
  'account-security/totp.hbs',
  'account-security/recovery-codes.hbs',
  'second-factor/totp.hbs',
  'second-factor/recovery-code.hbs',
].map((name) => join(projectRoot(), 'views', 'partials', name));

describe('one-time code and recovery code messages', () => {
  it('are translated into every supported language: the partials’ and the refusals the step shows', () => {
    const messages = new Set<string>([
      ...Object.values(TOTP_MESSAGES),
      ...Object.values(RECOVERY_CODE_MESSAGES),
      TOO_MANY_CODES,
    ]);
    for (const file of PARTIALS)
      for (const [, message] of readFileSync(file, 'utf8').matchAll(/\{\{t "((?:[^"\\]|\\.)*)"/g))
        messages.add(message);
    expect(messages.size).toBeGreaterThan(35);
    const catalogs = loadCatalogs();
    for (const language of SUPPORTED_LANGUAGES.filter((l) => l !== 'en')) {
      const missing = [...messages].filter((m) => !Object.hasOwn(catalogs.get(language)!, m));
      expect([language, missing]).toEqual([language, []]);
    }
  });
});
