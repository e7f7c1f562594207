import { Header } from '@nestjs/common';

/**
 * Pages and redirects that carry a CSRF token, a code or a user's name are never cached: every
 * route handler of the class answers with `Cache-Control: no-store`. Nest sets the header after
 * the guards and before the handler, where an interceptor would, but without the Observable
 * pipeline and async scopes Nest builds around every request of a route with an interceptor
 * (on the sign-in pages, a measurable share of their CPU: docs/performance.md).
 */
export function NoStore(): ClassDecorator {
  return (target) => {
    const prototype = (target as unknown as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
      Header('Cache-Control', 'no-store')(prototype, name, descriptor);
    }
  };
}
