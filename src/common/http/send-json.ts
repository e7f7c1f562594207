import type { ServerResponse } from 'node:http';

/** JSON bytes with the headers Express's res.json() sends, through Node's response API. */
export function sendJsonBytes(res: ServerResponse, bytes: Buffer | string): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(bytes));
  res.end(bytes);
}

/** `body` as JSON, as Express's res.json() sends it. */
export function sendJson(res: ServerResponse, body: unknown): void {
  sendJsonBytes(res, JSON.stringify(body));
}
