import { Global, Module } from '@nestjs/common';
import { HotRoutes } from './hot-routes';

/** The hot routes, read from the controllers: for the fast path, the access log and the rate limits. */
@Global()
@Module({ providers: [HotRoutes], exports: [HotRoutes] })
export class FastPathModule {}
