import { SetMetadata } from '@nestjs/common';
import type { HotHandler } from './hot-request';

export const HOT_ROUTE_METADATA = 'fast-path:hot-route';

/**
 * Marks a route as hot: answered ahead of Express's router by the protocol fast path
 * (protocol-fast-path.ts), logged at debug when it succeeds, counted in memory by its rate limit.
 * The set of hot routes is read from these marks at start (HotRoutes), never listed by hand.
 *
 * The compiler holds the method to `(@Req() req: HotRequest, @Res() res: HotResponse)`; the
 * start refuses a hot route that carries anything the fast path would skip (a guard,
 * interceptor, pipe or filter of its own, a global interceptor or pipe, @Header(), @Redirect()...).
 */
export function HotRoute() {
  return <T extends HotHandler>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    SetMetadata(HOT_ROUTE_METADATA, true)(target, key, descriptor);
  };
}
