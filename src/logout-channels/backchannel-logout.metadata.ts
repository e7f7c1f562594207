import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryRegistry } from '../discovery/discovery.registry';

/** OIDC Back-Channel Logout 1.0 §2.1: logout tokens are sent, and carry sid. */
@Injectable()
export class BackchannelLogoutMetadata implements OnModuleInit {
  constructor(private readonly registry: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.registry.contribute({ backchannel_logout_supported: true, backchannel_logout_session_supported: true });
  }
}
