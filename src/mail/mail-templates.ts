import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { translate } from '../common/i18n/catalogs';
import { chooseLanguage, DEFAULT_LANGUAGE, type Language } from '../common/i18n/languages';

/** What every message's layout shows: the operator's brand (BRAND_NAME, BRAND_LOGO_URL), and the server. */
export interface MailBranding {
  productName: string;
  logoUrl?: string;
  issuer: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/**
 * The mail templates in views/mail: <template>.hbs (HTML) and <template>.txt.hbs (text, whose
 * first line is "Subject: …"), each wrapped in layouts/mail(.txt).hbs. A locale picks
 * <template>.<locale>.hbs, then <template>.<language>.hbs, before the default; templates say
 * their words through {{t}} with the pages' catalogs, in the locale's language. Text is not
 * HTML-escaped; HTML is.
 */
export class MailTemplates {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly dir: string,
    private readonly branding: MailBranding,
  ) {
    // {{t "message {name}" name=…}}: the catalogs of the pages (locales/*.json), in the mail's language.
    this.handlebars.registerHelper('t', (message: unknown, options: Handlebars.HelperOptions) =>
      typeof message === 'string'
        ? translate((options.data?.root as { lang?: Language })?.lang ?? DEFAULT_LANGUAGE, message, options.hash)
        : '',
    );
  }

  render(template: string, data: Record<string, unknown>, locale?: string): RenderedMail {
    if (!NAME.test(template)) throw new Error(`Invalid mail template name "${template}"`);
    const context = { ...data, brand: this.branding, lang: chooseLanguage({ userLocale: locale }) };
    const textFile = this.localized(template, 'txt.hbs', locale);
    const htmlFile = this.localized(template, 'hbs', locale);
    const [firstLine, ...rest] = this.template(textFile, true)(context).split('\n');
    const subject = /^Subject: (.+)$/.exec(firstLine)?.[1]?.trim();
    if (!subject) throw new Error(`${textFile} must start with a "Subject: …" line`);
    const textBody = rest.join('\n').replace(/^\s*\n/, '');
    return {
      subject,
      text: this.template('layouts/mail.txt.hbs', true)({ ...context, body: textBody }),
      html: this.template(
        'layouts/mail.hbs',
        false,
      )({ ...context, subject, body: this.template(htmlFile, false)(context) }),
    };
  }

  private localized(template: string, extension: string, locale: string | undefined): string {
    const tags = locale && LOCALE.test(locale) ? [locale, locale.split('-')[0]] : [];
    for (const tag of tags) {
      const file = `${template}.${tag.toLowerCase()}.${extension}`;
      if (existsSync(join(this.dir, file))) return file;
    }
    const file = `${template}.${extension}`;
    if (!existsSync(join(this.dir, file))) throw new Error(`Mail template ${file} is missing`);
    return file;
  }

  private template(file: string, text: boolean): Handlebars.TemplateDelegate {
    let compiled = this.compiled.get(file);
    if (!compiled) {
      compiled = this.handlebars.compile(readFileSync(join(this.dir, file), 'utf8'), { noEscape: text });
      this.compiled.set(file, compiled);
    }
    return compiled;
  }
}
