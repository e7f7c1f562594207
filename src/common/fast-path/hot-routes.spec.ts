import {
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpCode,
  HttpException,
  Injectable,
  type NestInterceptor,
  Post,
  Body,
  Header,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
  type Provider,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import type { HotRequest, HotResponse } from './hot-request';
import { HotRoute } from './hot-route.decorator';
import { HotRouteError, HotRoutes } from './hot-routes';

@Catch()
class CatchAll implements ExceptionFilter {
  catch(_exception: unknown, _host: ArgumentsHost): void {}
}

@Catch(HttpException)
class CatchHttp implements ExceptionFilter {
  catch(_exception: unknown, _host: ArgumentsHost): void {}
}

@Injectable()
class AllowAll implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Injectable()
class PassThrough implements NestInterceptor {
  intercept(_context: unknown, next: CallHandler) {
    return next.handle();
  }
}

@Controller('oauth2')
class GoodController {
  @Post('token')
  @HttpCode(200)
  @HotRoute()
  token(@Req() req: HotRequest, @Res({ passthrough: true }) _res: HotResponse): string {
    return `token for ${req.ip}`;
  }

  @Get('userinfo')
  @HotRoute()
  userinfo(@Req() _req: HotRequest, @Res() res: HotResponse): void {
    res.end();
  }

  @Get('other')
  other(): string {
    return 'not hot';
  }
}

/** HotRoutes of an application made of `controllers` and `providers`, with one catch-all filter unless given. */
async function hotRoutesOf(controllers: Type[], providers: Provider[] = [{ provide: APP_FILTER, useClass: CatchAll }]) {
  const module = await Test.createTestingModule({ controllers, providers: [HotRoutes, ...providers] }).compile();
  return module.get(HotRoutes);
}

async function problemsOf(controllers: Type[], providers?: Provider[]): Promise<string[]> {
  const hot = await hotRoutesOf(controllers, providers);
  try {
    void hot.routes;
  } catch (error) {
    if (error instanceof HotRouteError) return error.problems;
    throw error;
  }
  throw new Error('no HotRouteError');
}

describe('HotRoutes', () => {
  it('reads each @HotRoute() from its controller: method, path, status, who writes the answer', async () => {
    const hot = await hotRoutesOf(
      [GoodController],
      [
        { provide: APP_FILTER, useClass: CatchAll },
        { provide: APP_GUARD, useClass: AllowAll },
      ],
    );
    expect(
      hot.routes.map(({ method, path, status, writesItself, name }) => ({ method, path, status, writesItself, name })),
    ).toEqual([
      { method: 'POST', path: '/oauth2/token', status: 200, writesItself: false, name: 'GoodController.token' },
      { method: 'GET', path: '/oauth2/userinfo', status: 200, writesItself: true, name: 'GoodController.userinfo' },
    ]);
    expect(hot.paths()).toEqual(new Set(['/oauth2/token', '/oauth2/userinfo']));
    expect(hot.guards.map((g) => g.constructor)).toEqual([AllowAll]);
    expect(hot.filter).toBeInstanceOf(CatchAll);
    const req = { ip: '192.0.2.1' } as HotRequest;
    expect(hot.routes[0].handle(req, {} as HotResponse)).toBe('token for 192.0.2.1');
  });

  it('gives a POST without @HttpCode the 201 Nest sends', async () => {
    @Controller('x')
    class Created {
      @Post()
      @HotRoute()
      make(@Req() _req: HotRequest, @Res({ passthrough: true }) _res: HotResponse): string {
        return 'made';
      }
    }
    expect((await hotRoutesOf([Created])).routes[0]).toMatchObject({ method: 'POST', path: '/x', status: 201 });
  });

  it('refuses to start with a hot route that carries a guard, an interceptor or a pipe of its own', async () => {
    @Controller('oauth2')
    @UseInterceptors(PassThrough)
    class Guarded {
      @Post('token')
      @HotRoute()
      @UseGuards(AllowAll)
      @UsePipes(ValidationPipe)
      token(@Req() _req: HotRequest, @Res() _res: HotResponse): void {}
    }
    expect(await problemsOf([Guarded])).toEqual([
      'Guarded.token: the method carries @UseGuards() (AllowAll), which the fast path would skip',
      'Guarded.token: its controller carries @UseInterceptors() (PassThrough), which the fast path would skip',
      'Guarded.token: the method carries @UsePipes() (ValidationPipe), which the fast path would skip',
    ]);
  });

  it('names the problem in the start error', async () => {
    @Controller('oauth2')
    class Guarded {
      @Post('token')
      @HotRoute()
      @UseGuards(AllowAll)
      token(@Req() _req: HotRequest, @Res() _res: HotResponse): void {}
    }
    const hot = await hotRoutesOf([Guarded]);
    expect(() => hot.routes).toThrow(
      'Invalid hot routes (@HotRoute(), answered by the fast path):\n' +
        '  - Guarded.token: the method carries @UseGuards() (AllowAll), which the fast path would skip',
    );
  });

  it('refuses a global interceptor, which the fast path would skip on every hot route', async () => {
    expect(
      await problemsOf(
        [GoodController],
        [
          { provide: APP_FILTER, useClass: CatchAll },
          { provide: APP_INTERCEPTOR, useClass: PassThrough },
        ],
      ),
    ).toEqual([
      'every hot route would skip the global interceptor PassThrough (APP_INTERCEPTOR): the fast path runs none',
    ]);
  });

  it('needs one global exception filter that catches everything', async () => {
    const needsOne =
      'every hot route needs exactly one global exception filter (APP_FILTER), one that catches everything (@Catch())';
    expect(await problemsOf([GoodController], [])).toEqual([needsOne]);
    expect(await problemsOf([GoodController], [{ provide: APP_FILTER, useClass: CatchHttp }])).toEqual([needsOne]);
  });

  it('refuses a hot route with other parameters, other route options or a path pattern', async () => {
    @Controller('clients')
    class Odd {
      @Post(':id')
      @HotRoute()
      @Header('Cache-Control', 'no-store')
      update(@Req() _req: HotRequest, @Res() _res: HotResponse, @Body() _body?: unknown): void {}
    }
    expect(await problemsOf([Odd])).toEqual([
      'Odd.update: @Header() would be skipped by the fast path',
      'Odd.update: a hot route takes (@Req() req: HotRequest, @Res() res: HotResponse) and nothing else, without pipes',
      "Odd.update: /clients/:id is a pattern; a hot route's path is literal",
    ]);
  });

  it('refuses @HotRoute() on a method that is not a route', async () => {
    @Controller('x')
    class NotARoute {
      @HotRoute()
      helper(_req: HotRequest, _res: HotResponse): void {}
    }
    expect(await problemsOf([NotARoute])).toEqual([
      'NotARoute.helper: @HotRoute() marks a method that is not a route (@Get() or @Post())',
    ]);
  });

  it('is held by the compiler to a HotRequest: a handler that reads Express’s request does not compile', () => {
    @Controller('x')
    class ReadsExpress {
      @Post()
      // @ts-expect-error a hot route's handler takes a HotRequest, not Express's Request
      @HotRoute()
      token(@Req() req: Request, @Res() _res: HotResponse): string {
        return req.path;
      }
    }
    expect(ReadsExpress).toBeDefined();
  });
});
