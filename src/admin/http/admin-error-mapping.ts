import { ClientsError, ClientsErrorCode } from '../../clients/clients.error';
import { FederationError, FederationErrorCode } from '../../federation/federation.error';
import { RegistrationError, RegistrationErrorCode } from '../../registration/registration.error';
import { ApiResourcesError, ApiResourcesErrorCode } from '../../scopes/api-resources/api-resources.error';
import { ScopesError, ScopesErrorCode } from '../../scopes/scopes.error';
import { TrustedIssuersError, TrustedIssuersErrorCode } from '../../trusted-issuers/trusted-issuers.error';
import { AccessError, AccessErrorCode } from '../../users/access/access.error';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { WebhooksError, WebhooksErrorCode } from '../../webhooks/webhooks.error';
import { AdminError, AdminErrorCode } from '../admin.error';
import { AdminApiError } from './admin-api.error';

type Status = 400 | 403 | 404 | 409;
const ERROR_OF_STATUS: Record<Status, string> = {
  400: 'invalid_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
};

// Each switch lists every code: a new code without a status does not compile.
const unmapped = (code: never): never => {
  throw new Error(`unmapped domain error code ${String(code)}`);
};

export function usersErrorStatus(code: UsersErrorCode): Status {
  switch (code) {
    case UsersErrorCode.InvalidUser:
      return 400;
    case UsersErrorCode.UserNotFound:
      return 404;
    case UsersErrorCode.UsernameTaken:
    case UsersErrorCode.EmailTaken:
      return 409;
    default:
      return unmapped(code);
  }
}

export function clientsErrorStatus(code: ClientsErrorCode): Status {
  switch (code) {
    case ClientsErrorCode.InvalidClientMetadata:
    case ClientsErrorCode.InvalidRedirectUri:
      return 400;
    case ClientsErrorCode.ClientNotFound:
      return 404;
    case ClientsErrorCode.ClientIdTaken:
    case ClientsErrorCode.NoClientSecret:
      return 409;
    default:
      return unmapped(code);
  }
}

export function scopesErrorStatus(code: ScopesErrorCode): Status {
  switch (code) {
    case ScopesErrorCode.InvalidScope:
      return 400;
    case ScopesErrorCode.ScopeNotFound:
      return 404;
    case ScopesErrorCode.ScopeExists:
    case ScopesErrorCode.ScopeInUse:
    case ScopesErrorCode.ScopeProtected:
      return 409;
    default:
      return unmapped(code);
  }
}

export function apiResourcesErrorStatus(code: ApiResourcesErrorCode): Status {
  switch (code) {
    case ApiResourcesErrorCode.InvalidApiResource:
      return 400;
    case ApiResourcesErrorCode.ApiResourceNotFound:
      return 404;
    case ApiResourcesErrorCode.IdentifierTaken:
    case ApiResourcesErrorCode.ScopeOfAnotherResource:
      return 409;
    default:
      return unmapped(code);
  }
}

export function registrationErrorStatus(code: RegistrationErrorCode): Status {
  switch (code) {
    case RegistrationErrorCode.InvalidInitialAccessTokenOptions:
      return 400;
    case RegistrationErrorCode.InitialAccessTokenNotFound:
      return 404;
    default:
      return unmapped(code);
  }
}

export function federationErrorStatus(code: FederationErrorCode): Status {
  switch (code) {
    case FederationErrorCode.InvalidProvider:
      return 400;
    case FederationErrorCode.ProviderNotFound:
      return 404;
    case FederationErrorCode.ProviderExists:
      return 409;
    default:
      return unmapped(code);
  }
}

export function trustedIssuersErrorStatus(code: TrustedIssuersErrorCode): Status {
  switch (code) {
    case TrustedIssuersErrorCode.InvalidTrustedIssuer:
      return 400;
    case TrustedIssuersErrorCode.TrustedIssuerNotFound:
      return 404;
    case TrustedIssuersErrorCode.IssuerTaken:
      return 409;
    default:
      return unmapped(code);
  }
}

export function accessErrorStatus(code: AccessErrorCode): Status {
  switch (code) {
    case AccessErrorCode.InvalidGroup:
    case AccessErrorCode.InvalidRole:
    case AccessErrorCode.InvalidClaimSettings:
      return 400;
    case AccessErrorCode.GroupNotFound:
    case AccessErrorCode.RoleNotFound:
    case AccessErrorCode.MemberNotFound:
    case AccessErrorCode.GrantNotFound:
    case AccessErrorCode.ClientNotFound:
      return 404;
    case AccessErrorCode.GroupExists:
    case AccessErrorCode.RoleExists:
    case AccessErrorCode.GroupHasSubgroups:
    case AccessErrorCode.GroupHierarchy:
      return 409;
    default:
      return unmapped(code);
  }
}

export function webhooksErrorStatus(code: WebhooksErrorCode): Status {
  switch (code) {
    case WebhooksErrorCode.InvalidSubscription:
      return 400;
    case WebhooksErrorCode.SubscriptionNotFound:
      return 404;
    default:
      return unmapped(code);
  }
}

export function adminErrorStatus(code: AdminErrorCode): Status {
  switch (code) {
    case AdminErrorCode.NotACredential:
      return 400;
    case AdminErrorCode.CredentialNotFound:
    case AdminErrorCode.SessionNotFound:
    case AdminErrorCode.ConsentNotFound:
    case AdminErrorCode.GrantNotFound:
    case AdminErrorCode.SetupClosed:
      return 404;
    case AdminErrorCode.DevToolsInProduction:
      return 403;
    case AdminErrorCode.MailDisabled:
    case AdminErrorCode.NoEmailAddress:
    case AdminErrorCode.EmailAlreadyVerified:
      return 409;
    default:
      return unmapped(code);
  }
}

function domainErrorStatus(error: unknown): Status | undefined {
  if (error instanceof UsersError) return usersErrorStatus(error.code);
  if (error instanceof ClientsError) return clientsErrorStatus(error.code);
  if (error instanceof ScopesError) return scopesErrorStatus(error.code);
  if (error instanceof ApiResourcesError) return apiResourcesErrorStatus(error.code);
  if (error instanceof RegistrationError) return registrationErrorStatus(error.code);
  if (error instanceof AdminError) return adminErrorStatus(error.code);
  if (error instanceof TrustedIssuersError) return trustedIssuersErrorStatus(error.code);
  if (error instanceof FederationError) return federationErrorStatus(error.code);
  if (error instanceof AccessError) return accessErrorStatus(error.code);
  if (error instanceof WebhooksError) return webhooksErrorStatus(error.code);
  return undefined;
}

/** A domain refusal as an admin API error (status, message and code); anything else unchanged. */
export function toAdminHttpError(error: unknown): unknown {
  const status = domainErrorStatus(error);
  if (status === undefined) return error;
  const { code, message } = error as { code: string; message: string };
  return new AdminApiError(ERROR_OF_STATUS[status], message, { code }, { status });
}
