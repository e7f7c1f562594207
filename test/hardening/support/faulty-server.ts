import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a remote the server depends on (a jwks_uri, an upstream issuer) misbehaves. */
export type Fault = 'hangs' | 'drips' | 'fails' | 'answers garbage';

export const FAULTS: Fault[] = ['hangs', 'drips', 'fails', 'answers garbage'];

const BEHAVIOUR: Record<Fault, (res: ServerResponse) => void> = {
  // Accepts the connection and never answers.
  hangs: () => undefined,
  // Answers 200 at once, then sends the body one byte a second, forever.
  drips: (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 1000);
    res.on('close', () => clearInterval(timer));
  },
  fails: (res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error'),
  'answers garbage': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": [{"kty": 12'),
};

export interface FaultyServer {
  /** A URL on this server that misbehaves as `fault` says, e.g. url('hangs', '/jwks'). */
  url(fault: Fault, path?: string): string;
  close(): Promise<void>;
}

/** A server whose every path misbehaves, by its first segment: /hangs/…, /drips/…, /fails/…. */
export async function startFaultyServer(): Promise<FaultyServer> {
  const server = createServer((req, res) => {
    const fault = decodeURIComponent((req.url ?? '/').split('/')[1]) as Fault;
    (BEHAVIOUR[fault] ?? BEHAVIOUR.fails)(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (fault, path = '') => `${base}/${encodeURIComponent(fault)}${path}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
