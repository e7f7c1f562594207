import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { destinationAllowed, guardedLookup, OutboundDestinationRefused, type Resolve } from './guarded-lookup';
import { OutboundAllowlist } from './outbound-allowlist';

/** What a remote fetch may cost at most; a caller may ask for less (its own signal). */
export interface OutboundLimits {
  /** Connect, request and the whole response body together. */
  timeoutMs: number;
  maxResponseBytes: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024 };

export interface OutboundOptions extends Partial<OutboundLimits> {
  allow: OutboundAllowlist;
  /** DNS, for tests of names that resolve inward; the system resolver otherwise. */
  resolve?: Resolve;
}

type HeadersInit = ConstructorParameters<typeof Headers>[0];

/** The part of fetch's RequestInit that jose, openid-client and this server's callers use. */
export interface OutboundRequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: string | URLSearchParams | Uint8Array | ArrayBuffer | ReadableStream | null;
  signal?: AbortSignal | null;
  /** Redirects are never followed, whatever is asked: a 3xx is answered as it is. */
  redirect?: string;
}

/** A response bigger than the limit: cut off, and the fetch fails. */
export class OutboundResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the response was larger than ${limit} bytes`);
    this.name = 'OutboundResponseTooLarge';
  }
}

/**
 * The one HTTP client for every remote fetch (jwks_uri, trusted issuers, upstream providers):
 * fetch-shaped, so jose's and openid-client's `customFetch` take it as it is. It connects only
 * to addresses its lookup has checked, never follows redirects, and bounds time and size.
 * Failures reject as fetch does: TypeError('fetch failed') with the reason as `cause`, and a
 * timeout or abort with the signal's reason.
 */
@Injectable()
export class OutboundHttp implements OnModuleDestroy {
  private readonly logger = new Logger('Outbound');
  private readonly allow: OutboundAllowlist;
  private readonly limits: OutboundLimits;
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(options: OutboundOptions) {
    this.allow = options.allow;
    this.limits = {
      timeoutMs: options.timeoutMs ?? DEFAULT_OUTBOUND_LIMITS.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_OUTBOUND_LIMITS.maxResponseBytes,
    };
    const lookup = guardedLookup(this.allow, options.resolve);
    this.httpAgent = new HttpAgent({ lookup });
    this.httpsAgent = new HttpsAgent({ lookup });
  }

  /** fetch(), guarded. An arrow function, so it can be handed over as `customFetch`. */
  readonly fetch = async (input: string | URL, init: OutboundRequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const ceiling = AbortSignal.timeout(this.limits.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, ceiling]) : ceiling;
    try {
      return await this.send(url, init, await requestBody(init.body), signal);
    } catch (error) {
      if (error instanceof TypeError && error.cause instanceof OutboundDestinationRefused)
        this.logger.warn(`${error.cause.message} (for ${url.origin})`);
      throw error;
    }
  };

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private send(url: URL, init: OutboundRequestInit, body: Buffer | undefined, signal: AbortSignal): Promise<Response> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return reject(fetchFailed(new Error(`${url.protocol} URLs are not fetched`)));
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      // An IP literal is connected to without a lookup, so it is checked here (it cannot rebind).
      if (isIP(host) !== 0 && !destinationAllowed(this.allow, host, host))
        return reject(fetchFailed(new OutboundDestinationRefused(host, host)));
      const method = (init.method ?? 'GET').toUpperCase();
      const headers = requestHeaders(init.headers, init.body, body);
      const secure = url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)({
        host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
      const settle = (outcome: () => void) => {
        signal.removeEventListener('abort', onAbort);
        outcome();
      };
      const onAbort = () => {
        req.destroy();
        settle(() => reject(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => settle(() => reject(fetchFailed(error))));
      req.on('response', (res) =>
        readBounded(res, this.limits.maxResponseBytes).then(
          (bytes) => settle(() => resolve(toResponse(res, method, bytes))),
          (error) => {
            req.destroy();
            settle(() => reject(fetchFailed(error)));
          },
        ),
      );
      req.end(body);
    });
  }
}

/** The body, read whole, or a rejection as soon as it passes `limit` (declared or actual). */
function readBounded(res: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(res.headers['content-length']) > limit) {
      res.destroy();
      return reject(new OutboundResponseTooLarge(limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        res.destroy();
        reject(new OutboundResponseTooLarge(limit));
      } else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('the connection closed before the response ended'));
    });
  });
}

function toResponse(res: IncomingMessage, method: string, bytes: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers))
    for (const v of [value ?? []].flat()) headers.append(name, v);
  const status = res.statusCode ?? 0;
  const empty = method === 'HEAD' || status === 204 || status === 304;
  try {
    return new Response(empty ? null : new Uint8Array(bytes), { status, statusText: res.statusMessage, headers });
  } catch (error) {
    throw fetchFailed(error); // a status fetch cannot represent
  }
}

async function requestBody(body: OutboundRequestInit['body']): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  return Buffer.from(await new Response(body).arrayBuffer());
}

function requestHeaders(
  init: HeadersInit | undefined,
  original: OutboundRequestInit['body'],
  body: Buffer | undefined,
): Record<string, string> {
  const headers = new Headers(init);
  if (original instanceof URLSearchParams && !headers.has('content-type'))
    headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  if (body) headers.set('content-length', String(body.length));
  // Bytes are counted as they arrive: nothing compressed to expand past the limit afterwards.
  headers.set('accept-encoding', 'identity');
  if (!headers.has('user-agent')) headers.set('user-agent', 'oidc-server');
  return Object.fromEntries(headers.entries());
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}
