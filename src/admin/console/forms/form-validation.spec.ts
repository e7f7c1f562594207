import { ClientsError, ClientsErrorCode } from '../../../clients/clients.error';
import { ScopesError, ScopesErrorCode } from '../../../scopes/scopes.error';
import { UsersError, UsersErrorCode } from '../../../users/users.error';
import { CreateUserDto } from '../../users/user.dto';
import { FORM_ERROR, refusalAsFieldErrors, validateForm } from './form-validation';

describe('validateForm', () => {
  it('accepts what the admin API accepts, as a DTO', async () => {
    const check = await validateForm(CreateUserDto, { username: 'alice', email: null, roles: [] });
    expect(check).toEqual({ ok: true, dto: expect.any(CreateUserDto) });
  });

  it('reports the first problem of each field, nested fields by path', async () => {
    const check = await validateForm(CreateUserDto, {
      username: '',
      email: 'nope',
      address: { country: 7 },
    });
    expect(check).toEqual({
      ok: false,
      errors: {
        username: 'username should not be empty',
        email: 'email must be an email',
        'address.country': 'country must be a string',
      },
    });
  });

  it('refuses fields the API does not know', async () => {
    const check = await validateForm(CreateUserDto, { username: 'alice', admin: true });
    expect(check.ok).toBe(false);
  });
});

describe('refusalAsFieldErrors', () => {
  const fields = ['username', 'email', 'redirect_uris', 'phone_number', 'name'];

  it('puts a refusal at the field its message or code names', () => {
    expect(
      refusalAsFieldErrors(
        new ClientsError(ClientsErrorCode.InvalidRedirectUri, 'redirect_uris: x is not absolute'),
        fields,
      ),
    ).toEqual({ errors: { redirect_uris: 'redirect_uris: x is not absolute' }, status: 400 });
    expect(
      refusalAsFieldErrors(new UsersError(UsersErrorCode.InvalidUser, 'phoneNumber is not valid'), fields).errors,
    ).toEqual({
      phone_number: 'phoneNumber is not valid',
    });
    expect(refusalAsFieldErrors(new UsersError(UsersErrorCode.EmailTaken, 'that address is used'), fields)).toEqual({
      errors: { email: 'that address is used' },
      status: 409,
    });
    expect(
      refusalAsFieldErrors(new ScopesError(ScopesErrorCode.ScopeExists, 'scope x already exists'), fields).errors,
    ).toEqual({
      name: 'scope x already exists',
    });
  });

  it('puts the others on the whole form', () => {
    expect(
      refusalAsFieldErrors(new ScopesError(ScopesErrorCode.ScopeInUse, 'scope x is still allowed to clients: a'), [])
        .errors,
    ).toEqual({ [FORM_ERROR]: 'scope x is still allowed to clients: a' });
  });

  it('throws on what a form cannot fix: not found, and anything not a domain refusal', () => {
    const missing = new UsersError(UsersErrorCode.UserNotFound, 'no user');
    expect(() => refusalAsFieldErrors(missing, fields)).toThrow(missing);
    const boom = new Error('boom');
    expect(() => refusalAsFieldErrors(boom, fields)).toThrow(boom);
  });
});
