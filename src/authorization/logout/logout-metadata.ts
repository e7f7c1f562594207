import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryRegistry } from '../../discovery/discovery.registry';
import { LOGOUT_PATH } from './logout-paths';

/** OIDC RP-Initiated Logout 1.0 §2.1: where RPs send the browser to log out. */
@Injectable()
export class LogoutMetadata implements OnModuleInit {
  constructor(private readonly registry: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.registry.contribute({ end_session_endpoint: LOGOUT_PATH });
  }
}
