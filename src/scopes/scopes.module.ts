import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Scope } from './scope.entity';
import { ScopeReferences } from './scope-references';
import { ScopesService } from './scopes.service';

@Module({
  imports: [TypeOrmModule.forFeature([Scope])],
  providers: [ScopesService, ScopeReferences],
  exports: [ScopesService, ScopeReferences],
})
export class ScopesModule {}
