export interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

// RFC 7235 §2.1: the scheme is case-insensitive; RFC 7617 §2: token68 in base64.
const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** RFC 6749 §2.3.1: client_id and secret are form-urlencoded before they are joined and encoded. */
function formDecode(value: string): string {
  return NEEDS_DECODING.test(value) ? decodeURIComponent(value.replace(/\+/g, ' ')) : value;
}
const NEEDS_DECODING = /[%+]/;

// RFC 7617 §2: the user-id and password MUST NOT contain control characters (RFC 5234 CTL).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;
const hasControl = (s: string) => CONTROL.test(s);

/** The credentials in an `Authorization: Basic` header value, or undefined when it is malformed. */
export function parseBasicCredentials(header: string): BasicCredentials | undefined {
  const match = BASIC.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    if (clientId === '' || hasControl(clientId) || hasControl(clientSecret)) return undefined;
    return { clientId, clientSecret };
  } catch {
    return undefined; // a malformed percent-escape
  }
}
