/**
 * The event types, by area: `admin.*` for changes made through the admin API or the CLI,
 * `security.*` for what the protocol endpoints observe. A dotted prefix filters an area.
 */
export const AuditEventType = {
  SetupCompleted: 'admin.setup.completed',
  CredentialCreated: 'admin.credential.created',
  CredentialRotated: 'admin.credential.rotated',
  CredentialRevoked: 'admin.credential.revoked',
  ClientCreated: 'admin.client.created',
  ClientUpdated: 'admin.client.updated',
  ClientSecretRotated: 'admin.client.secret_rotated',
  ClientDeleted: 'admin.client.deleted',
  UserCreated: 'admin.user.created',
  UserUpdated: 'admin.user.updated',
  UserPasswordSet: 'admin.user.password_set',
  UserDisabled: 'admin.user.disabled',
  UserEnabled: 'admin.user.enabled',
  UserDeleted: 'admin.user.deleted',
  UserSessionsEnded: 'admin.user.sessions_ended',
  UserConsentRevoked: 'admin.user.consent_revoked',
  UserGrantsRevoked: 'admin.user.grants_revoked',
  ScopeCreated: 'admin.scope.created',
  ScopeUpdated: 'admin.scope.updated',
  ScopeDeleted: 'admin.scope.deleted',
  KeysRotated: 'admin.key.rotated',
  KeyRetired: 'admin.key.retired',
  InitialAccessTokenIssued: 'admin.initial_access_token.issued',
  InitialAccessTokenRevoked: 'admin.initial_access_token.revoked',
  DevDataSeeded: 'admin.dev.seeded',
  LoginFailed: 'security.login_failed',
  Lockout: 'security.lockout',
  RefreshTokenReuse: 'security.refresh_reuse',
  AuthorizationCodeReplay: 'security.code_replay',
  ClientAuthFailed: 'security.client_auth_failed',
  AdminAuthFailed: 'security.admin_auth_failed',
} as const;

export type AuditEventTypeName = (typeof AuditEventType)[keyof typeof AuditEventType];
