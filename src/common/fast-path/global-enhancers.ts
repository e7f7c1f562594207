import type { CanActivate, ExceptionFilter } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';

/** The enhancers Nest applies to every route, as the APP_* providers of the modules declare them. */
export interface GlobalEnhancers {
  /** APP_GUARD, in registration order. */
  guards: CanActivate[];
  /** APP_FILTER. */
  filters: ExceptionFilter[];
  /** APP_INTERCEPTOR and APP_PIPE, by name: the fast path runs none. */
  interceptors: string[];
  pipes: string[];
  /** Request-scoped or transient APP_* enhancers, by name: the fast path has no instance of them. */
  perRequest: string[];
}

// The token Nest gives an APP_* provider when it registers it (DependenciesScanner.insertProvider).
const ENHANCER_TOKEN = /^(APP_GUARD|APP_FILTER|APP_INTERCEPTOR|APP_PIPE) \(UUID: /;

/**
 * Reads the global enhancers from the modules' providers: the ones Nest's router would run around
 * a hot route. Enhancers added with app.useGlobalGuards() and its siblings are not providers and
 * are not seen here; this server registers every global enhancer as an APP_* provider.
 */
export function globalEnhancers(modules: ModulesContainer): GlobalEnhancers {
  const found: GlobalEnhancers = { guards: [], filters: [], interceptors: [], pipes: [], perRequest: [] };
  for (const module of modules.values()) {
    for (const [collection, wrappers] of [
      ['providers', module.providers],
      ['injectables', module.injectables],
    ] as const) {
      for (const wrapper of wrappers.values()) {
        const kind = ENHANCER_TOKEN.exec(typeof wrapper.token === 'string' ? wrapper.token : '')?.[1];
        if (!kind) continue;
        const instance: unknown = wrapper.instance;
        const name = nameOf(instance, wrapper.metatype);
        if (collection === 'injectables' || !wrapper.isDependencyTreeStatic())
          found.perRequest.push(`${name} (${kind})`);
        else if (instance === undefined || instance === null) continue;
        else if (kind === 'APP_GUARD') found.guards.push(instance as CanActivate);
        else if (kind === 'APP_FILTER') found.filters.push(instance as ExceptionFilter);
        else if (kind === 'APP_INTERCEPTOR') found.interceptors.push(name);
        else found.pipes.push(name);
      }
    }
  }
  return found;
}

function nameOf(instance: unknown, type: unknown): string {
  if (typeof instance === 'object' && instance !== null) return instance.constructor.name;
  return typeof type === 'function' ? type.name : 'a factory';
}
