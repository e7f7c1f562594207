/** One HTTP request of a scripted flow, independent of the client that sends it. */
export interface FlowRequest {
  method: 'GET' | 'POST';
  /** Path and query, relative to the server. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A response as both autocannon and fetch can give it: header names in lower case. */
export interface FlowResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[]>;
}

export const FORM = 'application/x-www-form-urlencoded';

export function basicAuth(clientId: string, secret: string): string {
  // RFC 6749 §2.3.1: both parts form-encoded before base64.
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}

export function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

export function lowerCaseHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

export function header(res: FlowResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as JSON, or undefined when it is not. */
export function json(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Sends one flow request with fetch, redirects not followed (the flow follows them itself). */
export async function send(baseUrl: string, request: FlowRequest): Promise<FlowResponse> {
  const res = await fetch(baseUrl + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
  });
  const headers: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { status: res.status, body: await res.text(), headers };
}
