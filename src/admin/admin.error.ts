export enum AdminErrorCode {
  SetupClosed = 'setup_closed',
  CredentialNotFound = 'credential_not_found',
  NotACredential = 'not_a_credential',
  SessionNotFound = 'session_not_found',
  ConsentNotFound = 'consent_not_found',
  GrantNotFound = 'grant_not_found',
  DevToolsInProduction = 'dev_tools_in_production',
  MailDisabled = 'mail_disabled',
  NoEmailAddress = 'no_email_address',
  EmailAlreadyVerified = 'email_already_verified',
}

/** What the admin module itself refuses; mapped to HTTP in admin-error-mapping.ts. */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
