import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a ThrottlerStorage answers; @nestjs/throttler does not export the type from its index. */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
