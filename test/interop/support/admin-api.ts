import { PASSWORD } from '../../support/browser-sign-in';
import type { TestApp } from '../../support/test-app';

/** The bootstrap admin credential every interop server starts with (ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'interop-admin-token-0123456789abcdef0123456789';

type Json = Record<string, unknown>;

/** One call to the admin REST API, as an operator's script makes it; anything but 2xx throws. */
export async function adminApi<T = Json>(t: TestApp, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** The person every interop test signs in as, created through the admin API. */
export const ALICE = {
  username: 'alice',
  email: 'alice@example.com',
  email_verified: true,
  name: 'Alice Liddell',
  given_name: 'Alice',
  family_name: 'Liddell',
};

export async function createAlice(t: TestApp): Promise<string> {
  const user = await adminApi<{ id: string }>(t, 'POST', '/admin/users', { ...ALICE, password: PASSWORD });
  return user.id;
}
