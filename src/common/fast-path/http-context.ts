import type { ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * The part of Nest's ExecutionContext that guards and exception filters read, for a request the
 * fast path answers without Nest's router: its type, request and response.
 */
export function httpContext(req: Request, res: Response): ExecutionContext {
  const http = { getRequest: () => req, getResponse: () => res, getNext: () => undefined };
  return {
    getType: () => 'http',
    switchToHttp: () => http,
    getArgs: () => [req, res],
    getArgByIndex: (index: number) => [req, res][index],
  } as unknown as ExecutionContext;
}
