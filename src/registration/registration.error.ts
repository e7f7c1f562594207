export enum RegistrationErrorCode {
  InvalidInitialAccessTokenOptions = 'invalid_initial_access_token_options',
  InitialAccessTokenNotFound = 'initial_access_token_not_found',
}

/** What the registration module refuses outside the protocol endpoints; the admin API maps each code to HTTP. */
export class RegistrationError extends Error {
  constructor(
    readonly code: RegistrationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationError';
  }
}
