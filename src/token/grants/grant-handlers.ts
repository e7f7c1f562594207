import type { Provider, Type } from '@nestjs/common';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { ClientCredentialsGrant } from './client-credentials.grant';
import { DeviceCodeGrant } from './device-code.grant';
import { GRANT_HANDLERS, type GrantHandler } from './grant-handler';
import { JwtBearerGrant } from './jwt-bearer.grant';
import { PasswordGrant } from './password.grant';
import { RefreshTokenGrant } from './refresh-token.grant';
import { TokenExchangeGrant } from './token-exchange.grant';

/** Every grant the token endpoint serves. Adding a grant is one file and one line here. */
const GRANTS: Type<GrantHandler>[] = [
  AuthorizationCodeGrant,
  RefreshTokenGrant,
  ClientCredentialsGrant,
  PasswordGrant,
  DeviceCodeGrant,
  TokenExchangeGrant,
  JwtBearerGrant,
];

/** The grants as providers, and collected under GRANT_HANDLERS for the registry. */
export const GRANT_PROVIDERS: Provider[] = [
  ...GRANTS,
  { provide: GRANT_HANDLERS, inject: GRANTS, useFactory: (...handlers: GrantHandler[]) => handlers },
];
