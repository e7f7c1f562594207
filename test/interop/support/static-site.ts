import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticFile {
  type: string;
  body: string | Buffer;
}

export interface StaticSite {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/** Serves fixed files by path (a single-page app), 404 for anything else. */
export async function startStaticSite(
  files: (url: string) => Promise<Record<string, StaticFile>> | Record<string, StaticFile>,
): Promise<StaticSite> {
  let served: Record<string, StaticFile> = {};
  const server = createServer((req, res) => {
    const file = served[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  served = await files(url);
  return {
    url,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
