import type { TestApp } from './test-app';

export interface FormResult {
  status: number;
  headers: Headers;
  /** The body as sent, to check exact shapes and empty bodies. */
  text: string;
  body: Record<string, unknown>;
}

/** POST a form to one of the server's paths; pairs let a parameter repeat. */
export async function postForm(
  t: TestApp,
  path: string,
  params: Record<string, string> | [string, string][],
  headers: Record<string, string> = {},
): Promise<FormResult> {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : {} };
}
