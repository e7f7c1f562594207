import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryRegistry } from '../discovery/discovery.registry';
import { DEVICE_AUTHORIZATION_PATH } from './device-paths';

/**
 * RFC 8628 §4: the device authorization endpoint, for discovery. The grant type itself is
 * announced by the token module with every other grant it serves.
 */
@Injectable()
export class DeviceMetadata implements OnModuleInit {
  constructor(private readonly registry: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.registry.contribute({ device_authorization_endpoint: DEVICE_AUTHORIZATION_PATH });
  }
}
