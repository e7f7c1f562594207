import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { BrandingConfig } from '../../config/branding.config';

/**
 * This server as a WebAuthn Relying Party (WebAuthn Level 3 §5.1.3, §7.1): the RP ID is the
 * issuer's host name, so a passkey works on every page of this server and on no other site; the
 * origin every ceremony must have run on is the issuer's. An issuer on an IP address cannot
 * have passkeys (an RP ID is a domain).
 */
@Injectable()
export class RelyingParty {
  readonly id: string;
  readonly origin: string;
  /** Shown by the authenticator when a passkey is made. */
  readonly name: string;

  constructor(config: AppConfig, branding: BrandingConfig) {
    const issuer = new URL(config.issuer);
    this.id = issuer.hostname;
    this.origin = issuer.origin;
    this.name = branding.name;
  }
}
