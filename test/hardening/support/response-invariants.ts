import { OAuthErrors } from '../../../src/common/errors/oauth-error';

/** Who reads an endpoint's answers: a program (JSON) or a person in a browser (HTML pages, redirects). */
export type Audience = 'json' | 'html';

/** Every error code an endpoint may answer with: the OAuth ones, RFC 7591's and the admin API's. */
export const KNOWN_ERROR_CODES = new Set<string>([
  ...Object.values(OAuthErrors).map((make) => make().error),
  'invalid_client_metadata',
  'invalid_redirect_uri',
  'conflict',
]);

/** What internals look like when they escape: stack frames, error class names, paths and SQL. */
const INTERNALS = [
  /\bat \//,
  /\bat [\w$.<>]+ \(/,
  /QueryFailedError/,
  /EntityNotFound/,
  /TypeError/,
  /ReferenceError/,
  /RangeError/,
  /node_modules/,
  /\/work\//,
  /\.[jt]s:\d+/,
  /\bSELECT\b[\s\S]{0,200}\bFROM\b/i,
  /\bINSERT INTO\b/i,
  /\bUPDATE\b[\s\S]{0,100}\bSET\b/i,
  /violates [\w\s-]*constraint/,
  /relation "/,
  /syntax error at or near/,
  /duplicate key value/,
  /invalid byte sequence/,
  /value too long for type/,
];

export interface SentRequest {
  /** Everything the test sent, as text: what the answer may legitimately echo. */
  text: string;
  audience: Audience;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * The invariants every answer to hostile input keeps; returns what is wrong, empty when nothing
 * is. Never a 5xx; no internals (unless the request itself contained that text and the answer
 * quotes it); no header made from injected CR/LF; a JSON error body with a known code from JSON
 * APIs (or RFC 6750's bare challenge); a page or a redirect for browsers.
 */
export function violations(sent: SentRequest, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  for (const pattern of INTERNALS)
    if (pattern.test(answer.body) && !pattern.test(sent.text)) problems.push(`body shows internals: ${pattern}`);
  if (answer.headers.has('x-injected')) problems.push('an injected X-Injected header');
  if (answer.headers.getSetCookie().some((c) => c.startsWith('injected'))) problems.push('an injected cookie');

  const type = answer.headers.get('content-type') ?? '';
  if (sent.audience === 'json') {
    if (isBareBearerChallenge(answer)) return problems;
    if (answer.status >= 400) {
      if (!type.startsWith('application/json')) problems.push(`error as ${type || 'no content type'}`);
      else {
        const error = parse(answer.body)?.error;
        if (typeof error !== 'string' || !KNOWN_ERROR_CODES.has(error)) problems.push(`unknown error code ${error}`);
      }
    } else if (answer.body !== '' && !type.startsWith('application/json')) {
      problems.push(`success as ${type}`);
    }
  } else if (answer.status >= 300 && answer.status < 400) {
    if (!answer.headers.get('location')) problems.push('a redirect without Location');
  } else if (!type.startsWith('text/html')) {
    problems.push(`a browser answered with ${type || 'no content type'}`);
  }
  return problems;
}

/** RFC 6750 §3.1: a request without any authentication gets the challenge alone, no error code. */
function isBareBearerChallenge(answer: Answer): boolean {
  return answer.status === 401 && answer.body === '' && /^Bearer /.test(answer.headers.get('www-authenticate') ?? '');
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
