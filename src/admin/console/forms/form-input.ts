/** A posted form or a query string, as Express parses it: strings, or arrays of them for repeated names. */
export type FormBody = Record<string, unknown>;

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** A text field as typed (without surrounding spaces); '' when absent. */
export function textOf(body: FormBody, name: string): string {
  const value = first(body?.[name]);
  return typeof value === 'string' ? value.trim() : '';
}

/** A text field whose empty value means "none": null. */
export function optionalTextOf(body: FormBody, name: string): string | null {
  return textOf(body, name) || null;
}

/** A textarea holding one value per line. */
export function linesOf(body: FormBody, name: string): string[] {
  return textOf(body, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A text field holding a space- or comma-separated list. */
export function wordsOf(body: FormBody, name: string): string[] {
  return textOf(body, name)
    .split(/[\s,]+/)
    .filter((word) => word !== '');
}

/** A checkbox: browsers send it only when ticked. */
export function isChecked(body: FormBody, name: string): boolean {
  return ['on', 'true', 'yes'].includes(String(first(body?.[name]) ?? ''));
}

/** A group of checkboxes sharing one name. */
export function choicesOf(body: FormBody, name: string): string[] {
  const value = body?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/**
 * A whole number field whose empty value means "the default": null. Anything not made of digits
 * is passed on as typed, so validation names the field instead of it silently becoming null.
 */
export function optionalIntegerOf(body: FormBody, name: string): number | string | null {
  const value = textOf(body, name);
  if (value === '') return null;
  return /^\d{1,15}$/.test(value) ? Number(value) : value;
}
