import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import createError from 'http-errors';
import qs from 'qs';

export interface FormBodyOptions {
  /** Bytes, as body-parser's `limit` after parsing. */
  limit: number;
  parameterLimit: number;
}

// The media type alone, or with charset UTF-8 (quoted or not): what RPs send. Anything else
// (another charset, other parameters) is read by body-parser.
const PLAIN_FORM = /^application\/x-www-form-urlencoded[ \t]*(?:;[ \t]*charset=(?:utf-8|"utf-8")[ \t]*)?$/i;
const DECIMAL = /^[0-9]{1,9}$/;
const BOM = 0xfeff;

/**
 * What `express.urlencoded({ extended: false, limit, parameterLimit })` makes of the body the hot
 * endpoints get nearly always (a UTF-8 form with a Content-Length within the limit, not
 * compressed), read without body-parser's machinery: content-type and type-is parsing, raw-body's
 * stream handling and on-finished, iconv's decoder. The same req.body comes out (the same qs call
 * with body-parser's options, after the same UTF-8 decoding, BOM stripped), and the same errors
 * (http-errors with body-parser's status, message and type). Every other request, including each
 * that ends in one of body-parser's own refusals (too large, chunked, compressed, another charset),
 * goes to `fallback`: body-parser itself. form-body.spec.ts sends the same bytes to both and holds
 * them to the same answers.
 */
export function plainFormBody(options: FormBodyOptions, fallback: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const length = plainFormLength(req, options.limit);
    if (length === undefined) return fallback(req, res, next);
    readBody(req, length, (error, body) => {
      if (error) return next(error);
      try {
        req.body = parseForm(body!, options.parameterLimit);
      } catch (thrown) {
        return next(
          createError(400, thrown as Error, {
            body,
            type: (thrown as { type?: string }).type ?? 'entity.parse.failed',
          }),
        );
      }
      next();
    });
  };
}

/** The Content-Length of a request this reader takes, or undefined for body-parser. */
function plainFormLength(req: IncomingMessage & { body?: unknown }, limit: number): number | undefined {
  const { headers } = req;
  // Read already, or its connection gone: body-parser's own checks (on-finished) decide.
  if (req.body !== undefined || !req.readable || !req.socket?.readable) return undefined;
  if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return undefined;
  const type = headers['content-type'];
  const length = headers['content-length'];
  if (type === undefined || length === undefined || !DECIMAL.test(length) || !PLAIN_FORM.test(type)) return undefined;
  const bytes = Number(length);
  return bytes <= limit ? bytes : undefined;
}

function readBody(req: IncomingMessage, length: number, done: (error: Error | null, body?: string) => void): void {
  if (length === 0) return done(null, '');
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (error: Error | null, body?: string) => {
    if (finished) return;
    finished = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('close', onClose);
    done(error, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (received !== length)
      return finish(
        createError(400, 'request size did not match content length', {
          expected: length,
          length,
          received,
          type: 'request.size.invalid',
        }),
      );
    const buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
    const text = buffer.toString('utf8');
    finish(null, text.charCodeAt(0) === BOM ? text.slice(1) : text);
  };
  // What raw-body reports for a client that went away mid-body; nobody reads the answer.
  const onError = (error: Error) => finish(createError(400, error));
  const onClose = () =>
    finish(
      createError(400, 'request aborted', {
        code: 'ECONNABORTED',
        expected: length,
        length,
        received,
        type: 'request.aborted',
      }),
    );
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('close', onClose);
}

/** body-parser's urlencoded parser with `extended: false` (lib/types/urlencoded.js), call for call. */
export function parseForm(body: string, parameterLimit: number): Record<string, unknown> {
  if (body.length === 0) return {};
  let count = 0;
  let index = -1;
  do {
    if (++count > parameterLimit) throw createError(413, 'too many parameters', { type: 'parameters.too.many' });
    index = body.indexOf('&', index + 1);
  } while (index !== -1);
  return flatForm(body) ?? qsParse(body, count, parameterLimit);
}

function qsParse(body: string, count: number, parameterLimit: number): Record<string, unknown> {
  try {
    return qs.parse(body, {
      allowPrototypes: true,
      arrayLimit: count,
      depth: 0,
      charset: 'utf-8',
      parameterLimit,
      strictDepth: true,
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw createError(400, 'The input exceeded the depth', { type: 'querystring.parse.rangeError' });
    throw error;
  }
}

// What makes qs do more than split and decode: brackets (also escaped), which it treats as keys'
// segments before decoding.
const BRACKETS = /[[\]]|%5[bd]/i;

/**
 * What qs.parse makes of a form whose names are all distinct, none `__proto__` and none with
 * brackets (every token, introspection and userinfo request): each `name=value` part, `+` and
 * percent-escapes decoded (a malformed escape leaves the part as it is), a part without `=` an
 * empty value, empty names dropped. Undefined for any other form, which qs parses.
 */
function flatForm(body: string): Record<string, string> | undefined {
  if (BRACKETS.test(body)) return undefined;
  const form: Record<string, string> = {};
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf('&', start);
    if (end === -1) end = body.length;
    const equals = body.indexOf('=', start);
    const hasValue = equals !== -1 && equals < end;
    const name = decode(body.slice(start, hasValue ? equals : end));
    if (name !== '') {
      if (name === '__proto__' || Object.hasOwn(form, name)) return undefined;
      form[name] = hasValue ? decode(body.slice(equals + 1, end)) : '';
    }
    start = end + 1;
  }
  return form;
}

/** qs's decoder for UTF-8 (lib/utils.js decode). */
function decode(text: string): string {
  if (!text.includes('%')) return text.includes('+') ? text.replace(/\+/g, ' ') : text;
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
