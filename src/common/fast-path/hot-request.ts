import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/**
 * All a hot route's handler may read of its request. The fast path answers without Express's
 * router and request prototype (protocol-fast-path.ts): it sets these four on every request it
 * takes, and nothing else Express would (req.path, req.query, req.get(), req.accepts()...), so a
 * handler typed with this cannot read what would be missing there. Express's Request is a
 * HotRequest, so the same handler serves the router's requests unchanged.
 */
export interface HotRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed form; undefined without a body (the fast path takes no other). */
  readonly body: Record<string, unknown> | undefined;
  /** The client as Express's `trust proxy` setting sees it. */
  readonly ip: string | undefined;
}

/** Node's response: a hot route answers through setHeader, statusCode and end (sendJson), never Express's helpers. */
export type HotResponse = ServerResponse;

/** What a @HotRoute() method is: (@Req() req, @Res() res), in that order. */
export type HotHandler = (req: HotRequest, res: HotResponse) => unknown;
