import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsedJti } from './used-jti.entity';
import { UsedJtiStore } from './used-jti.store';

/** Replay protection for one-time JWTs: client assertions now, JWT bearer grants later. */
@Module({
  imports: [TypeOrmModule.forFeature([UsedJti])],
  providers: [UsedJtiStore],
  exports: [UsedJtiStore],
})
export class ReplayModule {}
