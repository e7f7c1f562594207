import type { Provider } from '@nestjs/common';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { ClientCredentialsGrant } from './client-credentials.grant';
import { DeviceCodeGrant } from './device-code.grant';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { GRANT_HANDLERS, GRANT_TYPE_DECLARATIONS, type GrantClass, type GrantHandler } from './grant-handler';
import { IMPLICIT_GRANT_TYPE } from './implicit.grant-type';
import { JwtBearerGrant } from './jwt-bearer.grant';
import { PasswordGrant } from './password.grant';
import { RefreshTokenGrant } from './refresh-token.grant';
import { TokenExchangeGrant } from './token-exchange.grant';

/**
 * Every grant the token endpoint serves. Adding a grant is one file (its handler, with its
 * declaration) and one line here: grant_types_supported, client validation, the admin API and
 * console, the CLI and dynamic registration read the declarations (see grant-types.ts).
 */
export const GRANTS: readonly GrantClass[] = [
  AuthorizationCodeGrant,
  RefreshTokenGrant,
  ClientCredentialsGrant,
  PasswordGrant,
  DeviceCodeGrant,
  TokenExchangeGrant,
  JwtBearerGrant,
];

/** Every grant type's declaration: the token endpoint's grants and the authorization endpoint's implicit grant. */
export const GRANT_TYPES: readonly GrantTypeDeclaration[] = [...GRANTS.map((g) => g.declaration), IMPLICIT_GRANT_TYPE];

/** The grants as providers, collected under GRANT_HANDLERS for the registry, with their declarations. */
export const GRANT_PROVIDERS: Provider[] = [
  ...GRANTS,
  { provide: GRANT_TYPE_DECLARATIONS, useValue: GRANT_TYPES },
  { provide: GRANT_HANDLERS, inject: [...GRANTS], useFactory: (...handlers: GrantHandler[]) => handlers },
];
