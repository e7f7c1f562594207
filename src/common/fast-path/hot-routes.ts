import { type CanActivate, type ExceptionFilter, Injectable, RequestMethod, type Type } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  FILTER_CATCH_EXCEPTIONS,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HOST_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
  VERSION_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { globalEnhancers } from './global-enhancers';
import type { HotHandler } from './hot-request';
import { HOT_ROUTE_METADATA } from './hot-route.decorator';

/** One hot route, read from its controller: the fast path answers it with the same method Nest would call. */
export interface HotRoute {
  method: 'GET' | 'POST';
  /** Literal, canonical: `/oauth2/token`. */
  path: string;
  /** Calls the controller's method on the instance Nest's router calls. */
  handle: HotHandler;
  /** The status Nest sends what the method returns with (@HttpCode, else 201 for POST and 200 otherwise). */
  status: number;
  /** The method answers itself (@Res() without passthrough): what it returns is not sent. */
  writesItself: boolean;
  /** `TokenController.token`, for messages. */
  name: string;
}

/** Why the start stopped: every hot route that carries what the fast path would skip. */
export class HotRouteError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid hot routes (@HotRoute(), answered by the fast path):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

// What Nest's router applies from a route's metadata and the fast path does not, by the decorator that sets it.
const SKIPPED_ENHANCERS: [string, string][] = [
  [GUARDS_METADATA, '@UseGuards()'],
  [INTERCEPTORS_METADATA, '@UseInterceptors()'],
  [PIPES_METADATA, '@UsePipes()'],
  [EXCEPTION_FILTERS_METADATA, '@UseFilters()'],
];
const SKIPPED_ROUTE_OPTIONS: [string, string][] = [
  [HEADERS_METADATA, '@Header()'],
  [REDIRECT_METADATA, '@Redirect()'],
  [RENDER_METADATA, '@Render()'],
  [SSE_METADATA, '@Sse()'],
  [VERSION_METADATA, '@Version()'],
];
const METHODS: Partial<Record<RequestMethod, HotRoute['method']>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
};

/**
 * The one list of hot routes, read at start from the controllers' @HotRoute() marks, and what
 * the fast path must run around them: the global guards and the global exception filter. The
 * protocol fast path answers these routes, the access log writes their successes at debug, and
 * the rate limits counted on them count in memory. The first read checks every mark and throws
 * a HotRouteError naming each route that carries something the fast path would skip.
 */
@Injectable()
export class HotRoutes {
  private checked?: { routes: readonly HotRoute[]; guards: readonly CanActivate[]; filter: ExceptionFilter };

  constructor(private readonly modules: ModulesContainer) {}

  get routes(): readonly HotRoute[] {
    return this.read().routes;
  }

  /** The global guards Nest would run before a hot route (APP_GUARD). */
  get guards(): readonly CanActivate[] {
    return this.read().guards;
  }

  /** The global exception filter that renders a hot route's errors (APP_FILTER, catching everything). */
  get filter(): ExceptionFilter {
    return this.read().filter;
  }

  /** Their paths, for the access log (GET and POST /oauth2/userinfo are one path). */
  paths(): ReadonlySet<string> {
    return new Set(this.routes.map((r) => r.path));
  }

  // Read on first use: by then Nest has created every controller and global enhancer.
  private read() {
    return (this.checked ??= readHotRoutes(this.modules));
  }
}

function readHotRoutes(modules: ModulesContainer) {
  const problems: string[] = [];
  const routes: HotRoute[] = [];
  const scanner = new MetadataScanner();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      for (const key of scanner.getAllMethodNames(controller.prototype as object)) {
        const fn = (controller.prototype as Record<string, unknown>)[key] as HotHandler;
        if (!Reflect.getMetadata(HOT_ROUTE_METADATA, fn)) continue;
        const name = `${controller.name}.${key}`;
        const before = problems.length;
        const found = describe(controller, key, fn, name, problems);
        if (!wrapper.isDependencyTreeStatic())
          problems.push(`${name}: its controller is request-scoped; the fast path calls one instance`);
        if (problems.length > before || !found) continue;
        const instance = wrapper.instance as object;
        for (const route of found) routes.push({ ...route, handle: (req, res) => fn.call(instance, req, res) });
      }
    }
  }

  const enhancers = globalEnhancers(modules);
  if (routes.length > 0 || problems.length > 0) {
    const every = 'every hot route';
    for (const name of enhancers.interceptors)
      problems.push(`${every} would skip the global interceptor ${name} (APP_INTERCEPTOR): the fast path runs none`);
    for (const name of enhancers.pipes)
      problems.push(`${every} would skip the global pipe ${name} (APP_PIPE): the fast path runs none`);
    for (const name of enhancers.perRequest)
      problems.push(`${every} would skip ${name}: the fast path cannot run a request-scoped global enhancer`);
    const catchAll = enhancers.filters.filter(catchesEverything);
    if (enhancers.filters.length !== 1 || catchAll.length !== 1)
      problems.push(
        `${every} needs exactly one global exception filter (APP_FILTER), one that catches everything (@Catch())`,
      );
  }
  const seen = new Map<string, string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const other = seen.get(key);
    if (other) problems.push(`${route.name}: ${key} is also ${other}`);
    seen.set(key, route.name);
  }
  if (problems.length > 0) throw new HotRouteError(problems);
  return { routes, guards: enhancers.guards, filter: enhancers.filters[0] };
}

/** The route(s) one marked method serves, or undefined with the reasons pushed to `problems`. */
function describe(
  controller: Type,
  key: string,
  fn: HotHandler,
  name: string,
  problems: string[],
): Omit<HotRoute, 'handle'>[] | undefined {
  const requestMethod = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
  const methodPaths = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
  if (requestMethod === undefined || methodPaths === undefined) {
    problems.push(`${name}: @HotRoute() marks a method that is not a route (@Get() or @Post())`);
    return undefined;
  }
  const method = METHODS[requestMethod];
  if (!method) problems.push(`${name}: the fast path answers GET and POST only`);

  for (const [metadata, decorator] of SKIPPED_ENHANCERS) {
    for (const [where, target] of [
      ['the method', fn],
      ['its controller', controller],
    ] as const) {
      const enhancers = Reflect.getMetadata(metadata, target) as unknown[] | undefined;
      if (enhancers?.length)
        problems.push(
          `${name}: ${where} carries ${decorator} (${enhancers.map(nameOf).join(', ')}), which the fast path would skip`,
        );
    }
  }
  for (const [metadata, decorator] of SKIPPED_ROUTE_OPTIONS)
    if (Reflect.getMetadata(metadata, fn) !== undefined)
      problems.push(`${name}: ${decorator} would be skipped by the fast path`);
  if (
    Reflect.getMetadata(VERSION_METADATA, controller) !== undefined ||
    Reflect.getMetadata(HOST_METADATA, controller) !== undefined
  )
    problems.push(`${name}: its controller is versioned or bound to a host, which the fast path does not match`);

  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<
    string,
    { index: number; pipes?: unknown[] }
  >;
  const expected = [`${RouteParamtypes.REQUEST}:0`, `${RouteParamtypes.RESPONSE}:1`];
  const keys = Object.keys(args);
  const pipes = Object.values(args).some((a) => (a.pipes?.length ?? 0) > 0);
  if (
    keys.length !== 2 ||
    !expected.every((k) => k in args) ||
    pipes ||
    keys.some((k) => k.includes(CUSTOM_ROUTE_ARGS_METADATA))
  )
    problems.push(
      `${name}: a hot route takes (@Req() req: HotRequest, @Res() res: HotResponse) and nothing else, without pipes`,
    );

  const paths = [...join(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined, methodPaths)];
  for (const path of paths)
    if (/[:*?(){}]/.test(path)) problems.push(`${name}: ${path} is a pattern; a hot route's path is literal`);
  if (!method) return undefined;
  const status = (Reflect.getMetadata(HTTP_CODE_METADATA, fn) as number | undefined) ?? (method === 'POST' ? 201 : 200);
  const writesItself = !Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, key);
  return paths.map((path) => ({ method, path, status, writesItself, name }));
}

/** Every path Nest's router builds from a controller's and a method's paths (RoutePathFactory, no prefix). */
function* join(controllerPaths: string | string[] | undefined, methodPaths: string | string[]): Iterable<string> {
  for (const outer of ([] as string[]).concat(controllerPaths ?? '/'))
    for (const inner of ([] as string[]).concat(methodPaths))
      yield (
        '/' +
        [outer, inner]
          .map((p) => p.replace(/^\/+|\/+$/g, ''))
          .filter((p) => p !== '')
          .join('/')
      );
}

function catchesEverything(filter: ExceptionFilter): boolean {
  const types = Reflect.getMetadata(FILTER_CATCH_EXCEPTIONS, filter.constructor) as unknown[] | undefined;
  return types !== undefined && types.length === 0;
}

function nameOf(enhancer: unknown): string {
  if (typeof enhancer === 'function') return enhancer.name;
  return typeof enhancer === 'object' && enhancer !== null ? enhancer.constructor.name : String(enhancer);
}
