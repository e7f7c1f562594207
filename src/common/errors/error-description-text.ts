/** RFC 6749 §4.1.2.1, §5.2 and RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const ALLOWED = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

const REPLACEMENTS: Record<string, string> = {
  '§': 'section ',
  '"': "'",
  '\\': '/',
  '‘': "'",
  '’': "'",
  '“': "'",
  '”': "'",
  '–': '-',
  '—': '-',
  '…': '...',
  '→': '->',
  '\t': ' ',
  '\r': ' ',
  '\n': ' ',
};

/**
 * A description in the characters the RFCs allow, so that strict clients can parse the JSON field,
 * the redirect parameter and the WWW-Authenticate header alike: the typography our messages use
 * spelled in ASCII, anything else (from a request's own values) as '?'.
 */
export function errorDescriptionText(description: string): string {
  if (ALLOWED.test(description)) return description;
  let text = '';
  for (const c of description) {
    const replacement = REPLACEMENTS[c];
    text += replacement ?? (ALLOWED.test(c) ? c : '?');
  }
  return text.replace(/section {2}/g, 'section ');
}
