import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { InteractionSteps } from '../engine/interaction-steps';

/**
 * First on a flow's `:step` route: a path that names no registered step is answered as if the
 * route did not exist (Nest's own not-found message), before anything is looked up.
 */
@Injectable()
export class KnownStepGuard implements CanActivate {
  constructor(private readonly steps: InteractionSteps) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!this.steps.find(String(req.params.step)))
      throw new NotFoundException(`Cannot ${req.method} ${req.originalUrl}`);
    return true;
  }
}
