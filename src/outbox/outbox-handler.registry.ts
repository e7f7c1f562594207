import { Injectable } from '@nestjs/common';

/**
 * Delivers one outbox payload; throws to have it retried later (the error message is kept as
 * the delivery's last_error, so it must hold no secret). Answers where it went, e.g. 'smtp'.
 */
export type OutboxHandler = (payload: Record<string, unknown>) => Promise<string>;

/**
 * Thrown by a handler when trying again cannot help (e.g. the receiver answered 400): the
 * delivery is recorded failed at once instead of being retried.
 */
export class PermanentDeliveryFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryFailure';
  }
}

/** Who delivers each kind of outbox row: each module registers its kind once at start. */
@Injectable()
export class OutboxHandlerRegistry {
  private readonly handlers = new Map<string, OutboxHandler>();

  registerHandler(kind: string, handler: OutboxHandler): void {
    if (this.handlers.has(kind)) throw new Error(`Outbox kind "${kind}" has two handlers`);
    this.handlers.set(kind, handler);
  }

  handlerFor(kind: string): OutboxHandler | undefined {
    return this.handlers.get(kind);
  }
}
