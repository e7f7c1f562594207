import { Inject, Injectable } from '@nestjs/common';
import { GRANT_HANDLERS, type GrantHandler } from './grant-handler';

/** The grant handlers by grant_type. */
@Injectable()
export class GrantRegistry {
  private readonly handlers: ReadonlyMap<string, GrantHandler>;

  constructor(@Inject(GRANT_HANDLERS) handlers: GrantHandler[]) {
    const byType = new Map<string, GrantHandler>();
    for (const handler of handlers) {
      if (byType.has(handler.grantType)) throw new Error(`grant type ${handler.grantType} is registered twice`);
      byType.set(handler.grantType, handler);
    }
    this.handlers = byType;
  }

  get(grantType: string): GrantHandler | undefined {
    return this.handlers.get(grantType);
  }

  /** For grant_types_supported (RFC 8414 §2). */
  grantTypes(): string[] {
    return [...this.handlers.keys()];
  }
}
