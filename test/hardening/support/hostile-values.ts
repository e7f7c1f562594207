import fc from 'fast-check';

/** A request parameter as it travels: the name and the value already percent-encoded. */
export type WireParam = [name: string, wireValue: string];

/** Sent in redirect parameters: a server that copied it into a header would grow an X-Injected one. */
export const HEADER_INJECTION = '\r\nX-Injected: 1\r\nSet-Cookie: injected=1';

/**
 * Byte sequences that are not valid UTF-8 once decoded (%C3%28, %FF, lone surrogate halves,
 * overlong NUL), control characters, and broken escapes: percent-encoded here so they reach
 * the server as they are.
 */
export const RAW_ENCODED = [
  '%C3%28',
  '%FF',
  '%FE%FF',
  '%ED%A0%80',
  '%C0%80',
  '%E2%82',
  '%F0%9F%98',
  '%00',
  'a%00b',
  '%',
  '%zz',
  '%0D%0AX-Injected:%201',
  '%0ASet-Cookie:%20injected=1',
  encodeURIComponent(HEADER_INJECTION),
];

const ADVERSARIAL_TEXT = [
  '',
  ' ',
  'null',
  '[]',
  '{}',
  '-1',
  '1e309',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '{{constructor.constructor}}',
  '../../../../etc/passwd',
  'javascript:alert(1)',
  'https://evil.example/cb',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '__proto__',
  'constructor',
  HEADER_INJECTION,
];

/** Text too long for a column, a header or the body limit (64 kB). */
const OVERSIZED = fc.constantFrom(300, 2100, 9000, 70_000).map((n) => 'x'.repeat(n));

/** Random and adversarial text, as a JavaScript string. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...ADVERSARIAL_TEXT),
  OVERSIZED,
);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent refuses lone surrogates; a browser would send U+FFFD for them. */
export const encode = (s: string) => encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));

/** A value as sent on the wire: encoded text, raw escapes, or both run together. */
export const hostileWireValue: fc.Arbitrary<string> = fc.oneof(
  hostileText.map(encode),
  fc.constantFrom(...RAW_ENCODED),
  fc.tuple(hostileText.map(encode), fc.constantFrom(...RAW_ENCODED)).map(([a, b]) => a + b),
);

/** Parameter names a parser might trip over: bracket syntax, prototype keys, escapes. */
const hostileName = fc.oneof(
  fc.constantFrom('a[b]', 'a[]', '__proto__', 'constructor', 'hasOwnProperty', '%00', '%FF', 'x%0D%0Ay', ''),
  fc.string({ minLength: 1, maxLength: 12 }).map(encode),
);

/**
 * Starts from a request that would be accepted and spoils it: values replaced by hostile ones,
 * parameters dropped, repeated (RFC 6749 §3.1 forbids that) or added under odd names.
 */
export function hostileParams(
  base: Record<string, string>,
  names: string[] = Object.keys(base),
): fc.Arbitrary<WireParam[]> {
  const known = [...new Set([...names, ...Object.keys(base)])];
  return fc
    .record({
      kept: fc.subarray(Object.keys(base)),
      changes:
        known.length === 0
          ? fc.constant([])
          : fc.array(fc.tuple(fc.constantFrom(...known), hostileWireValue, fc.boolean()), { maxLength: 4 }),
      extra: fc.array(fc.tuple(hostileName, hostileWireValue), { maxLength: 2 }),
    })
    .map(({ kept, changes, extra }) => {
      const params: WireParam[] = kept.map((name) => [name, encode(base[name])]);
      for (const [name, value, repeat] of changes) {
        const at = params.findIndex(([n]) => n === name);
        if (repeat || at < 0) params.push([name, value]);
        else params[at] = [name, value];
      }
      return [...params, ...extra];
    });
}

export const toQuery = (params: WireParam[]) => params.map(([n, v]) => `${n}=${v}`).join('&');

/** The parameters as a JSON object, as a client sending JSON instead of a form would. */
function toJsonObject(params: WireParam[]): Record<string, unknown> {
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  };
  return Object.fromEntries(params.map(([n, v]) => [decode(n), decode(v)]));
}

/** JSON nested far deeper than any schema allows. */
export const deeplyNestedJson = fc
  .tuple(fc.integer({ min: 20, max: 3000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** A body for these parameters: a form, JSON, other JSON, deep JSON or bytes that are no text at all. */
export function hostileBody(params: fc.Arbitrary<WireParam[]>): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    { weight: 4, arbitrary: params.map(toQuery) },
    { weight: 2, arbitrary: params.map((p) => JSON.stringify(toJsonObject(p))) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: deeplyNestedJson },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  );
}

/** What a client may claim the body is; often not what it is. */
export const hostileContentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded',
  'application/json',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=zz',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'application/xml',
  undefined,
);

/** JSON bodies for JSON APIs: the fields they read, with values of every JSON type, some very deep. */
export function hostileJsonBody(fields: string[]): fc.Arbitrary<string | Uint8Array> {
  const value = fc.oneof(
    hostileText,
    fc.jsonValue({ maxDepth: 3 }),
    fc.array(hostileText, { maxLength: 3 }),
    fc.constantFrom(null, true, 0, -1, 1e308, [], {}),
  );
  const names = fields.length === 0 ? hostileText : fc.oneof(fc.constantFrom(...fields), hostileText);
  const object = fc.dictionary(names, value, { maxKeys: 6 });
  return fc.oneof(
    { weight: 5, arbitrary: object.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: deeplyNestedJson },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: hostileText.map(encode) },
  );
}
