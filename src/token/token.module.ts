import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { ReplayModule } from '../common/replay/replay.module';
import { DeviceCodeStorageModule } from '../device/storage/device-code-storage.module';
import { KeysModule } from '../keys/keys.module';
import { TrustedIssuersModule } from '../trusted-issuers/trusted-issuers.module';
import { ScopesModule } from '../scopes/scopes.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthorizationCodeService } from './authorization-code.service';
import { TokenEndpointMetadata } from './endpoint/token-endpoint.metadata';
import { TokenRequestPipeline } from './endpoint/token-request.pipeline';
import { TokenController } from './endpoint/token.controller';
import { AuthorizationCode } from './entities/authorization-code.entity';
import { Grant } from './entities/grant.entity';
import { RevokedJti } from './entities/revoked-jti.entity';
import { Token } from './entities/token.entity';
import { ExchangedTokenIssuer } from './exchange/exchanged-token.issuer';
import { PresentedTokenValidator } from './exchange/presented-token.validator';
import { DpopProofVerifier } from './dpop/dpop-proof.verifier';
import { GrantService } from './grant.service';
import { GRANT_PROVIDERS } from './grants/grant-handlers';
import { GrantRegistry } from './grants/grant.registry';
import { AccessTokenIssuer } from './issuing/access-token.issuer';
import { IdTokenIssuer } from './issuing/id-token.issuer';
import { TokenIssuer } from './issuing/token-issuer';
import { TokenLifetimes } from './issuing/token-lifetimes';
import { ScopePolicy } from './scope/scope-policy';
import { ActiveTokenLookup } from './storage/active-token.lookup';
import { RefreshTokenStore } from './storage/refresh-token.store';
import { RevokedJtiStore } from './storage/revoked-jti.store';
import { TokenRevocationStore } from './storage/token-revocation.store';
import { TokenStore } from './storage/token.store';
import { UserinfoController } from './userinfo/userinfo.controller';
import { UserinfoService } from './userinfo/userinfo.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Grant, AuthorizationCode, Token, RevokedJti]),
    UsersModule,
    ClientsModule,
    ScopesModule,
    KeysModule,
    DeviceCodeStorageModule,
    TrustedIssuersModule,
    ReplayModule,
  ],
  controllers: [TokenController, UserinfoController],
  providers: [
    GrantService,
    AuthorizationCodeService,
    TokenRequestPipeline,
    TokenEndpointMetadata,
    GrantRegistry,
    ...GRANT_PROVIDERS,
    ScopePolicy,
    TokenLifetimes,
    TokenStore,
    RefreshTokenStore,
    AccessTokenIssuer,
    IdTokenIssuer,
    TokenIssuer,
    AccessTokenVerifier,
    UserinfoService,
    ActiveTokenLookup,
    TokenRevocationStore,
    RevokedJtiStore,
    // Token exchange (RFC 8693).
    PresentedTokenValidator,
    ExchangedTokenIssuer,
    // DPoP (RFC 9449): proofs at the token endpoint and at userinfo.
    DpopProofVerifier,
  ],
  exports: [
    GrantService,
    AuthorizationCodeService,
    TokenIssuer,
    IdTokenIssuer,
    AccessTokenVerifier,
    ScopePolicy,
    // The grant types' declarations: response types for the authorization endpoint and discovery.
    GrantRegistry,
    // For introspection and revocation (RFC 7662, RFC 7009).
    ActiveTokenLookup,
    TokenRevocationStore,
    RevokedJtiStore,
    // For the console's dashboard (tokens issued lately).
    TokenStore,
    // RFC 9449 §10.1: DPoP proofs at the PAR endpoint.
    DpopProofVerifier,
  ],
})
export class TokenModule {}
