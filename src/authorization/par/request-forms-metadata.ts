import { Injectable, OnModuleInit } from '@nestjs/common';
import { REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT } from '../../clients/request-object-algs';
import { AuthorizationConfig } from '../../config/authorization.config';
import { DiscoveryRegistry } from '../../discovery/discovery.registry';
import { PAR_PATH } from './par-paths';

/** Pushed authorization requests (RFC 9126 §5) and request objects (RFC 9101 §10.1, OIDC Discovery §3), for discovery. */
@Injectable()
export class RequestFormsMetadata implements OnModuleInit {
  constructor(
    private readonly registry: DiscoveryRegistry,
    private readonly config: AuthorizationConfig,
  ) {}

  onModuleInit(): void {
    this.registry.contribute({
      pushed_authorization_request_endpoint: PAR_PATH,
      require_pushed_authorization_requests: this.config.requirePushedAuthorizationRequests,
      request_parameter_supported: true,
      request_uri_parameter_supported: true,
      // A request_uri not pushed here is fetched only when the client registered it (request_uris).
      require_request_uri_registration: true,
      // 'none' only for clients that registered request_object_signing_alg none.
      request_object_signing_alg_values_supported: [...REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT],
    });
  }
}
