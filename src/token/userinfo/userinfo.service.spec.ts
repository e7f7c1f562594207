import type { ClientsService } from '../../clients/clients.service';
import type { Client } from '../../clients/client.entity';
import type { SubjectIdentifiers } from '../../clients/subject-identifiers';
import type { SigningKeyService } from '../../keys/signing-key.service';
import type { ScopesService } from '../../scopes/scopes.service';
import type { AccessClaimsService } from '../../users/access/access-claims.service';
import type { UsersService } from '../../users/users.service';
import type { VerifiedAccessTokenWithUser } from '../access-token.verifier';
import { UserinfoService } from './userinfo.service';

const CLAIMS = { sub: 'user-1', email: 'alice@example.com' };

/** The service with its collaborators stubbed: the client is the cached one ClientsService returns. */
function serviceFor(client: Partial<Client>) {
  const findById = jest.fn().mockResolvedValue({ clientId: 'rp', userinfoSignedResponseAlg: null, ...client });
  const sign = jest.fn().mockResolvedValue('header.payload.signature');
  const service = new UserinfoService(
    { claimsOf: () => ({ email: CLAIMS.email }) } as unknown as UsersService,
    { claimsFor: async () => new Set(['email']) } as unknown as ScopesService,
    { release: async () => ({}), mapped: async () => ({}) } as unknown as AccessClaimsService,
    { findById } as unknown as ClientsService,
    { of: () => CLAIMS.sub } as unknown as SubjectIdentifiers,
    { sign } as unknown as SigningKeyService,
  );
  return { service, findById, sign };
}

const token = {
  clientId: 'rp',
  scope: ['openid', 'email'],
  claims: null,
  user: { id: 'user-1' },
} as unknown as VerifiedAccessTokenWithUser;

describe('UserinfoService', () => {
  it('answers a client without userinfo_signed_response_alg with the claims, signing nothing', async () => {
    const { service, sign } = serviceFor({});
    await expect(service.responseFor(token)).resolves.toEqual({ claims: CLAIMS });
    expect(sign).not.toHaveBeenCalled();
  });

  it('signs the same claims with aud the client, by the alg it registered (OIDC Core §5.3.2)', async () => {
    const { service, sign, findById } = serviceFor({ userinfoSignedResponseAlg: 'ES256' });
    await expect(service.responseFor(token)).resolves.toEqual({ jwt: 'header.payload.signature' });
    expect(sign).toHaveBeenCalledWith({ ...CLAIMS, aud: 'rp' }, { alg: 'ES256' });
    // The client is read once, through ClientsService's cache: no query of its own.
    expect(findById).toHaveBeenCalledTimes(1);
  });
});
