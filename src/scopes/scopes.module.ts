import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiResource } from './api-resources/api-resource.entity';
import { ApiResourcesService } from './api-resources/api-resources.service';
import { Scope } from './scope.entity';
import { ScopeReferences } from './scope-references';
import { ScopesService } from './scopes.service';

@Module({
  imports: [TypeOrmModule.forFeature([Scope, ApiResource])],
  providers: [ScopesService, ScopeReferences, ApiResourcesService],
  exports: [ScopesService, ScopeReferences, ApiResourcesService],
})
export class ScopesModule {}
