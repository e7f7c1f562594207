import { Module } from '@nestjs/common';
import { CleanupScheduler } from './cleanup.scheduler';
import { CleanupService } from './cleanup.service';

/** Purges expired codes, tokens, sessions and counters on a schedule (see purge-rules.ts). */
@Module({
  providers: [CleanupService, CleanupScheduler],
  exports: [CleanupService],
})
export class CleanupModule {}
