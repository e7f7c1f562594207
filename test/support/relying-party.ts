import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in RP the browser is sent back to: every path answers 200 with a small page. */
export interface RelyingPartyServer {
  /** An absolute URL on this server, e.g. url('/callback'). */
  url(path: string): string;
  close(): Promise<void>;
}

export async function startRelyingParty(): Promise<RelyingPartyServer> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>RP</p>'));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
