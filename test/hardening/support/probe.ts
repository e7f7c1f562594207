import type { Audience } from './response-invariants';
import { violations } from './response-invariants';

/** One HTTP request of a hostile client. */
export interface Probe {
  method: string;
  /** Path and query, already encoded: may hold escapes a URL builder would refuse to make. */
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string | Uint8Array;
}

export interface ProbeResult {
  status: number;
  headers: Headers;
  body: string;
}

/** Sends the probe as it is, redirects not followed, with the cookies given. */
export async function send(base: string, probe: Probe, cookie?: string): Promise<ProbeResult> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(probe.headers ?? {})) if (value !== undefined) headers[name] = value;
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${base}${probe.path}`, {
    method: probe.method,
    headers,
    body: probe.body,
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** What the probe carried, as text, so an answer quoting it is not taken for a leak. */
export function probeText(probe: Probe): string {
  let text = probe.path;
  try {
    text += decodeURIComponent(probe.path);
  } catch {
    /* an invalid escape: the raw path is all there is */
  }
  const body = typeof probe.body === 'string' ? probe.body : Buffer.from(probe.body ?? []).toString('utf8');
  return `${text}\n${body}\n${JSON.stringify(probe.headers ?? {})}`;
}

/**
 * Sends the probe and fails with what is wrong about the answer. Node's HTTP parser refuses a
 * URL or header block over 16 kB with an empty 431 before the application sees the request.
 */
export async function expectSafeAnswer(
  base: string,
  probe: Probe,
  audience: Audience,
  cookie?: string,
): Promise<ProbeResult> {
  const answer = await send(base, probe, cookie);
  if (answer.status === 431 && answer.body === '') return answer;
  const problems = violations({ text: probeText(probe), audience }, answer);
  if (problems.length > 0)
    throw new Error(
      `${probe.method} ${probe.path.slice(0, 300)} → ${answer.status}: ${problems.join('; ')}\n${answer.body.slice(0, 500)}`,
    );
  return answer;
}
