export enum ClientsErrorCode {
  // The first two are RFC 7591 §3.2.2 error codes, so registration can pass them through.
  InvalidClientMetadata = 'invalid_client_metadata',
  InvalidRedirectUri = 'invalid_redirect_uri',
  ClientIdTaken = 'client_id_taken',
  ClientNotFound = 'client_not_found',
  NoClientSecret = 'no_client_secret',
}

/** What the clients module refuses; callers (admin API, registration) map each code to HTTP. */
export class ClientsError extends Error {
  constructor(
    readonly code: ClientsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientsError';
  }
}
