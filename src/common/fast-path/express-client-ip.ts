import type { IncomingMessage } from 'node:http';

interface ExpressApp {
  request: object;
}

/**
 * req.ip exactly as Express computes it (its `trust proxy` setting: X-Forwarded-For or the peer),
 * for a request that never got Express's prototype: Express's own getter, called on it.
 */
export function expressClientIp(app: ExpressApp): (req: IncomingMessage) => string | undefined {
  let proto: object | null = app.request;
  let getter: (() => unknown) | undefined;
  while (proto && !getter) {
    getter = Object.getOwnPropertyDescriptor(proto, 'ip')?.get;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  if (!getter) throw new Error("Express's request has no ip getter");
  const ip = getter;
  // The getter reads this.app.get('trust proxy fn'): req.app, as on Express's requests.
  const appOf = (app.request as { app: unknown }).app;
  return (req) => {
    (req as IncomingMessage & { app?: unknown }).app = appOf;
    return ip.call(req) as string | undefined;
  };
}
