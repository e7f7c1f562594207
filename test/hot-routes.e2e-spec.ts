import { Controller, Get, Injectable, Module, Req, Res, UseGuards, type CanActivate } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import type { HotRequest, HotResponse } from '../src/common/fast-path/hot-request';
import { HotRoute } from '../src/common/fast-path/hot-route.decorator';
import { HotRoutes } from '../src/common/fast-path/hot-routes';
import { loadConfig } from '../src/config/load-config';
import { createTestDatabase, databaseUrl, dropTestDatabase } from './support/database';
import { startTestApp, TEST_SECRETS, type TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

@Injectable()
class OnlyOnTuesdays implements CanActivate {
  canActivate(): boolean {
    return new Date().getDay() === 2;
  }
}

@Controller('oauth2')
class GuardedHotController {
  @Get('status')
  @HotRoute()
  @UseGuards(OnlyOnTuesdays)
  status(@Req() _req: HotRequest, @Res() res: HotResponse): void {
    res.end('ok');
  }
}

@Module({ controllers: [GuardedHotController], providers: [OnlyOnTuesdays] })
class GuardedHotModule {}

describe('hot routes', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({ RATE_LIMIT_ENABLED: 'true' });
  });
  afterAll(() => server?.close());

  it('are read from the controllers: the endpoints the fast path answers and the access log keeps at debug', () => {
    const hot = server.app.get(HotRoutes);
    expect(hot.routes.map((r) => `${r.method} ${r.path} ${r.writesItself ? 'writes itself' : r.status}`)).toEqual(
      expect.arrayContaining([
        'POST /oauth2/token 200',
        'POST /oauth2/introspect 200',
        'POST /oauth2/revoke 200',
        'GET /oauth2/userinfo writes itself',
        'POST /oauth2/userinfo writes itself',
        'GET /.well-known/openid-configuration writes itself',
        'GET /.well-known/oauth-authorization-server writes itself',
        'GET /.well-known/jwks.json writes itself',
      ]),
    );
    expect(hot.routes).toHaveLength(8);
    // The global guards Nest runs: the rate limits, when they are on.
    expect(hot.guards.map((g) => g.constructor.name)).toEqual(['RateLimitGuard']);
    expect(hot.filter.constructor.name).toBe('OAuthExceptionFilter');
  });

  it('stop the start when one carries a guard the fast path would skip', async () => {
    const database = await createTestDatabase();
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        ISSUER: 'http://127.0.0.1:9',
        DATABASE_URL: databaseUrl(database),
        DATABASE_POOL_SIZE: '2',
        DATA_DIR: tempDir('oidc-data-'),
        LOG_LEVEL: 'silent',
        ...TEST_SECRETS,
      },
      () => undefined,
    );
    const root = AppModule.forRoot(config);
    const app = await NestFactory.create(
      { ...root, imports: [...(root.imports ?? []), GuardedHotModule] },
      { bodyParser: false, logger: false },
    );
    try {
      expect(() => configureApp(app, config)).toThrow(
        'Invalid hot routes (@HotRoute(), answered by the fast path):\n' +
          '  - GuardedHotController.status: the method carries @UseGuards() (OnlyOnTuesdays), which the fast path would skip',
      );
    } finally {
      await app.close();
      await dropTestDatabase(database);
    }
  });
});
