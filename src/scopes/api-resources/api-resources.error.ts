export enum ApiResourcesErrorCode {
  InvalidApiResource = 'invalid_api_resource',
  ApiResourceNotFound = 'api_resource_not_found',
  IdentifierTaken = 'api_resource_identifier_taken',
  ScopeOfAnotherResource = 'scope_of_another_resource',
}

/** What the API resources part of the scopes module refuses; callers (admin API) map each code to HTTP. */
export class ApiResourcesError extends Error {
  constructor(
    readonly code: ApiResourcesErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiResourcesError';
  }
}
