export enum ScopesErrorCode {
  ScopeExists = 'scope_exists',
  ScopeNotFound = 'scope_not_found',
  ScopeInUse = 'scope_in_use',
  ScopeProtected = 'scope_protected',
  InvalidScope = 'invalid_scope',
}

/** What the scopes module refuses; callers (admin API) map each code to HTTP. */
export class ScopesError extends Error {
  constructor(
    readonly code: ScopesErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScopesError';
  }
}
