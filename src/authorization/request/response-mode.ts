import type { ResponseMode } from './authorization-request';
import { returnsTokens, type ResponseType } from './response-type';

/** OAuth 2.0 Multiple Response Type Encoding Practices §2.1 and OAuth 2.0 Form Post Response Mode §2. */
export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post'];

/**
 * Multiple Response Type Encoding Practices §2.1 and §3: query for code, fragment for every
 * response type that returns a token (and for one not understood, query, as RFC 6749 §4.1.2.1).
 */
export function defaultResponseMode(type: ResponseType | undefined): ResponseMode {
  return type !== undefined && returnsTokens(type) ? 'fragment' : 'query';
}

/**
 * The mode this response (or its error) is sent in: the one asked for when it is supported and
 * allowed, otherwise the default. Multiple Response Type Encoding Practices §5: tokens never go
 * in the query, where they would land in server logs and Referer headers.
 */
export function responseModeFor(requested: string | undefined, type: ResponseType | undefined): ResponseMode {
  const fallback = defaultResponseMode(type);
  if (!RESPONSE_MODES.includes(requested as ResponseMode)) return fallback;
  if (requested === 'query' && fallback === 'fragment') return fallback;
  return requested as ResponseMode;
}
