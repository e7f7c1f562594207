import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { ShutdownConfig } from '../config/shutdown.config';
import { ShutdownState } from './shutdown.state';

/**
 * On SIGTERM (or SIGINT):
 * 1. readiness turns false at once, and every response not yet started carries
 *    `Connection: close`, so keep-alive clients reconnect (to another replica) instead of
 *    racing the socket close, and the server is not kept open by idle keep-alive sockets;
 * 2. for SHUTDOWN_DELAY seconds the server keeps serving while load balancers notice;
 * 3. the listener closes (new connections are refused), in-flight requests finish, Nest
 *    closes the pool, `afterClose` runs (the last traces are sent), and the process exits 0,
 *    or 1 if that takes over SHUTDOWN_GRACE_PERIOD.
 */
export function installGracefulShutdown(app: INestApplication, afterClose?: () => Promise<void> | undefined): void {
  const config = app.get(ShutdownConfig);
  const state = app.get(ShutdownState);
  const server = app.getHttpServer() as Server;
  const inFlight = new Set<ServerResponse>();
  // Runs before Express, so the header is set before any handler can send its response.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (state.isShuttingDown) return void res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  const stop = async () => {
    if (state.isShuttingDown) return;
    state.begin();
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    await new Promise((ok) => setTimeout(ok, config.delay * 1000));
    setTimeout(() => process.exit(1), config.gracePeriod * 1000).unref();
    try {
      await app.close();
      await afterClose?.();
      process.exit(0);
    } catch {
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
