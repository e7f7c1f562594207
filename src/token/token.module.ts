import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { ReplayModule } from '../common/replay/replay.module';
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
import { DeviceCode } from './device-codes/device-code.entity';
import { DeviceCodeStore } from './device-codes/device-code.store';
import { AuthorizationGrant } from './authorization-grants/authorization-grant.entity';
import { RevokedJti } from './entities/revoked-jti.entity';
import { Token } from './entities/token.entity';
import { ExchangedTokenIssuer } from './exchange/exchanged-token.issuer';
import { PresentedTokenValidator } from './exchange/presented-token.validator';
import { DpopProofVerifier } from './dpop/dpop-proof.verifier';
import { AuthorizationGrantService } from './authorization-grants/authorization-grant.service';
import { GRANT_PROVIDERS } from './grants/grant-handlers';
import { GrantRegistry } from './grants/grant.registry';
import { AccessTokenIssuer } from './issuing/access-token.issuer';
import { IdTokenIssuer } from './issuing/id-token.issuer';
import { TokenIssuer } from './issuing/token-issuer';
import { TokenLifetimes } from './issuing/token-lifetimes';
import { ResourcePolicy } from './resources/resource-policy';
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
    TypeOrmModule.forFeature([AuthorizationGrant, AuthorizationCode, Token, RevokedJti, DeviceCode]),
    UsersModule,
    ClientsModule,
    ScopesModule,
    KeysModule,
    TrustedIssuersModule,
    ReplayModule,
  ],
  controllers: [TokenController, UserinfoController],
  providers: [
    AuthorizationGrantService,
    AuthorizationCodeService,
    TokenRequestPipeline,
    TokenEndpointMetadata,
    GrantRegistry,
    ...GRANT_PROVIDERS,
    ScopePolicy,
    // RFC 8707 resource indicators, at the token, authorization and device authorization endpoints.
    ResourcePolicy,
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
    // RFC 8628: the device codes the device_code grant polls; the device module creates and answers them.
    DeviceCodeStore,
  ],
  exports: [
    AuthorizationGrantService,
    AuthorizationCodeService,
    TokenIssuer,
    IdTokenIssuer,
    AccessTokenVerifier,
    ScopePolicy,
    ResourcePolicy,
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
    // For the device module's endpoint and verification pages (RFC 8628).
    DeviceCodeStore,
  ],
})
export class TokenModule {}
