import type { Server } from 'node:http';

/**
 * Idle keep-alive connections close after `seconds` (HTTP_KEEP_ALIVE_TIMEOUT), not Node's 5: a
 * proxy in front keeps its idle connections to the server longer (nginx ingress and cloud load
 * balancers 60 s), and one that sends a request on a connection the server is closing gets a
 * reset, which it answers 502 when it may not retry (a POST to the token endpoint).
 */
export function keepIdleConnections(server: Server, seconds: number): void {
  server.keepAliveTimeout = seconds * 1000;
}
