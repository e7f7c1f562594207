import { Module } from '@nestjs/common';
import { OutboundConfig } from '../config/outbound.config';
import { OutboundAllowlist } from './outbound-allowlist';
import { OutboundHttp } from './outbound-http';
import { KeySets } from './key-sets';

/**
 * Every remote fetch the server makes goes through OutboundHttp (docs/security.md, "Outbound
 * requests"): internal addresses refused at connect time unless OUTBOUND_ALLOW lists them.
 */
@Module({
  providers: [
    {
      provide: OutboundHttp,
      inject: [OutboundConfig],
      useFactory: (config: OutboundConfig) => new OutboundHttp({ allow: new OutboundAllowlist(config.allow) }),
    },
    // The keys of clients and trusted issuers, one cache for both.
    KeySets,
  ],
  exports: [OutboundHttp, KeySets],
})
export class OutboundModule {}
