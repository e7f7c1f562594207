import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

type Recorded = { set: [string, string | number | readonly string[]][]; removed: string[] };

/**
 * The security headers helmet sets, recorded once and replayed on every response. With static
 * directives (ours: no nonces, no functions) helmet's twelve middleware set the same headers on
 * every response, and walking its chain cost more than setting them. When helmet does anything a
 * recording cannot replay (calls next with an error or later, or answers differently to a second
 * request) its own middleware is returned instead.
 */
export function recordedSecurityHeaders(helmet: RequestHandler): RequestHandler {
  const first = record(helmet);
  const second = record(helmet);
  if (!first || !second || JSON.stringify(first) !== JSON.stringify(second)) return helmet;
  const { set, removed } = first;
  return (_req, res, next) => {
    for (let i = 0; i < set.length; i++) res.setHeader(set[i][0], set[i][1]);
    for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]);
    next();
  };
}

function record(helmet: RequestHandler): Recorded | undefined {
  const recorded: Recorded = { set: [], removed: [] };
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.set.push([name, value]);
      return this;
    },
    removeHeader(name: string) {
      recorded.removed.push(name);
    },
  } as unknown as ServerResponse;
  const req = { method: 'GET', url: '/', headers: {} } as IncomingMessage;
  let passed = false;
  helmet(req as never, res as never, (error?: unknown) => {
    passed = error === undefined;
  });
  return passed ? recorded : undefined;
}
