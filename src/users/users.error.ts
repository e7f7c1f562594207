export enum UsersErrorCode {
  UsernameTaken = 'username_taken',
  EmailTaken = 'email_taken',
  UserNotFound = 'user_not_found',
  InvalidUser = 'invalid_user',
}

/** What the users module refuses; callers (admin API, registration) map each code to HTTP. */
export class UsersError extends Error {
  constructor(
    readonly code: UsersErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UsersError';
  }
}
