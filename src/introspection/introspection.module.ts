import { AuditModule } from '../audit/audit.module';
import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ScopesModule } from '../scopes/scopes.module';
import { TokenModule } from '../token/token.module';
import { UsersModule } from '../users/users.module';
import { ClientTokenRequestReader } from './client-token-request';
import { IntrospectionEndpointsMetadata } from './introspection-endpoints.metadata';
import { IntrospectionController } from './introspection.controller';
import { IntrospectionService } from './introspection.service';
import { RevocationController } from './revocation.controller';
import { RevocationService } from './revocation.service';

/** Token introspection (RFC 7662) and revocation (RFC 7009), for authenticated clients. */
@Module({
  imports: [TokenModule, ClientsModule, ScopesModule, UsersModule, AuditModule],
  controllers: [IntrospectionController, RevocationController],
  providers: [ClientTokenRequestReader, IntrospectionService, RevocationService, IntrospectionEndpointsMetadata],
})
export class IntrospectionModule {}
