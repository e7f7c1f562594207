import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { TokenConfig } from '../../config/token.config';

/** Token lifetimes in seconds: the client's own setting, else the server's. */
@Injectable()
export class TokenLifetimes {
  constructor(private readonly config: TokenConfig) {}

  accessToken(client: Pick<Client, 'accessTokenTtl'>): number {
    return client.accessTokenTtl ?? this.config.accessTokenTtl;
  }

  idToken(client: Client): number {
    return client.idTokenTtl ?? this.config.idTokenTtl;
  }

  refreshToken(client: Client): number {
    return client.refreshTokenTtl ?? this.config.refreshTokenTtl;
  }

  /** The absolute end of a grant's refresh chain, when the grant does not set its own. */
  grantEnd(grantCreatedAt: Date): Date {
    return new Date(grantCreatedAt.getTime() + this.config.refreshTokenAbsoluteTtl * 1000);
  }
}
