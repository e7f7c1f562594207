import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthorizationCodeService } from './authorization-code.service';
import { AuthorizationCode } from './entities/authorization-code.entity';
import { Grant } from './entities/grant.entity';
import { Token } from './entities/token.entity';
import { GrantService } from './grant.service';

@Module({
  imports: [TypeOrmModule.forFeature([Grant, AuthorizationCode, Token])],
  providers: [GrantService, AuthorizationCodeService],
  exports: [GrantService, AuthorizationCodeService],
})
export class TokenModule {}
