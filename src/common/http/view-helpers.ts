import hbs from 'hbs';

let registered = false;

/** Partials and helpers for the Handlebars pages; idempotent so tests can build many apps. */
export function registerViewHelpers(partialsDir: string): void {
  if (registered) return;
  registered = true;
  hbs.registerPartials(partialsDir);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
