import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryRegistry } from '../../discovery/discovery.registry';
import { LOGOUT_PATH } from './logout-paths';

/**
 * OIDC RP-Initiated Logout 1.0 §2.1: where RPs send the browser to log out; Front-Channel Logout
 * 1.0 §3: the signed-out page loads the RPs' logout pages, with iss and sid.
 */
@Injectable()
export class LogoutMetadata implements OnModuleInit {
  constructor(private readonly registry: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.registry.contribute({
      end_session_endpoint: LOGOUT_PATH,
      frontchannel_logout_supported: true,
      frontchannel_logout_session_supported: true,
    });
  }
}
