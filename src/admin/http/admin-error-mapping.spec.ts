import { ClientsError, ClientsErrorCode } from '../../clients/clients.error';
import { FederationErrorCode } from '../../federation/federation.error';
import { ScopesError, ScopesErrorCode } from '../../scopes/scopes.error';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { RegistrationErrorCode } from '../../registration/registration.error';
import { TrustedIssuersErrorCode } from '../../trusted-issuers/trusted-issuers.error';
import { AdminError, AdminErrorCode } from '../admin.error';
import { AdminApiError } from './admin-api.error';
import {
  adminErrorStatus,
  clientsErrorStatus,
  federationErrorStatus,
  registrationErrorStatus,
  scopesErrorStatus,
  toAdminHttpError,
  trustedIssuersErrorStatus,
  usersErrorStatus,
} from './admin-error-mapping';

describe('admin error mapping', () => {
  it('gives every domain code a status', () => {
    for (const code of Object.values(UsersErrorCode)) expect([400, 404, 409]).toContain(usersErrorStatus(code));
    for (const code of Object.values(ClientsErrorCode)) expect([400, 404, 409]).toContain(clientsErrorStatus(code));
    for (const code of Object.values(ScopesErrorCode)) expect([400, 404, 409]).toContain(scopesErrorStatus(code));
    for (const code of Object.values(RegistrationErrorCode))
      expect([400, 404, 409]).toContain(registrationErrorStatus(code));
    for (const code of Object.values(AdminErrorCode)) expect([400, 403, 404, 409]).toContain(adminErrorStatus(code));
    for (const code of Object.values(FederationErrorCode))
      expect([400, 404, 409]).toContain(federationErrorStatus(code));
    for (const code of Object.values(TrustedIssuersErrorCode))
      expect([400, 404, 409]).toContain(trustedIssuersErrorStatus(code));
  });

  it('renders a refusal with its status, message and code', () => {
    const error = toAdminHttpError(
      new ScopesError(ScopesErrorCode.ScopeInUse, 'scope x is still allowed to clients: a'),
    );
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).status).toBe(409);
    expect((error as AdminApiError).toJSON()).toEqual({
      error: 'conflict',
      error_description: 'scope x is still allowed to clients: a',
      code: 'scope_in_use',
    });
    expect((toAdminHttpError(new UsersError(UsersErrorCode.UserNotFound, 'no user')) as AdminApiError).status).toBe(
      404,
    );
    expect(
      (toAdminHttpError(new ClientsError(ClientsErrorCode.InvalidRedirectUri, 'bad')) as AdminApiError).status,
    ).toBe(400);
    expect((toAdminHttpError(new AdminError(AdminErrorCode.SetupClosed, 'done')) as AdminApiError).status).toBe(404);
  });

  it('leaves other errors alone', () => {
    const other = new Error('boom');
    expect(toAdminHttpError(other)).toBe(other);
  });
});
