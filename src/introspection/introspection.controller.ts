import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HotRequest, HotResponse } from '../common/fast-path/hot-request';
import { HotRoute } from '../common/fast-path/hot-route.decorator';
import { ClientTokenRequestReader } from './client-token-request';
import type { TokenIntrospection } from './introspection-response';
import { IntrospectionService } from './introspection.service';

export const INTROSPECTION_PATH = '/oauth2/introspect';

/** POST /oauth2/introspect (RFC 7662 §2), for authenticated clients. */
@ApiExcludeController()
@Controller(INTROSPECTION_PATH.slice(1))
export class IntrospectionController {
  constructor(
    private readonly requests: ClientTokenRequestReader,
    private readonly introspection: IntrospectionService,
  ) {}

  @Post()
  @HttpCode(200)
  @HotRoute()
  async introspect(@Req() req: HotRequest, @Res({ passthrough: true }) res: HotResponse): Promise<TokenIntrospection> {
    // The answer describes a live credential: never cached. Set first, so errors carry it too.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    const { client, token } = await this.requests.read(req, INTROSPECTION_PATH);
    return this.introspection.introspect(client, token);
  }
}
