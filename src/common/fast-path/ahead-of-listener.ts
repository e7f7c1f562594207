import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/**
 * Puts `listener` ahead of the server's request listener (Express): it sees every request first
 * and hands those it does not answer to `next`.
 */
export function placeAheadOfListener(
  server: Server,
  listener: (req: IncomingMessage, res: ServerResponse, next: RequestListener) => void,
): void {
  const [next] = server.listeners('request') as RequestListener[];
  server.removeListener('request', next);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => listener(req, res, next));
}
