import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReplayModule } from '../common/replay/replay.module';
import { OutboundModule } from '../outbound/outbound.module';
import { UsersModule } from '../users/users.module';
import { JwtAssertionVerifier } from './jwt-assertion.verifier';
import { MappedUserLookup } from './mapped-user.lookup';
import { TrustedIssuer } from './trusted-issuer.entity';
import { TrustedIssuersService } from './trusted-issuers.service';

/** External issuers whose JWTs are accepted as authorization grants (RFC 7523), and their verification. */
@Module({
  imports: [TypeOrmModule.forFeature([TrustedIssuer]), UsersModule, ReplayModule, OutboundModule],
  providers: [TrustedIssuersService, MappedUserLookup, JwtAssertionVerifier],
  exports: [TrustedIssuersService, JwtAssertionVerifier],
})
export class TrustedIssuersModule {}
