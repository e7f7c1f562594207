import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Scope } from './scope.entity';
import { ScopesService } from './scopes.service';

@Module({
  imports: [TypeOrmModule.forFeature([Scope])],
  providers: [ScopesService],
  exports: [ScopesService],
})
export class ScopesModule {}
