export enum FederationErrorCode {
  InvalidProvider = 'invalid_upstream_provider',
  ProviderNotFound = 'upstream_provider_not_found',
  ProviderExists = 'upstream_provider_exists',
}

/** What the federation module refuses; the admin API maps each code to HTTP. */
export class FederationError extends Error {
  constructor(
    readonly code: FederationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FederationError';
  }
}
