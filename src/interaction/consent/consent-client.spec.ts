import type { Client } from '../../clients/client.entity';
import { consentClient } from './consent-client';

const client = (fields: Partial<Client>) =>
  ({ clientName: 'Shop', logoUri: null, clientUri: null, adminApproved: true, ...fields }) as Client;

describe('consentClient', () => {
  it('shows the logo and website of an approved client', () => {
    expect(
      consentClient(client({ logoUri: 'https://shop.example/logo.png', clientUri: 'https://shop.example/about' })),
    ).toEqual({
      clientName: 'Shop',
      logoUri: 'https://shop.example/logo.png',
      clientUri: 'https://shop.example/about',
      clientHost: 'shop.example',
      unverified: false,
    });
  });

  it('marks an unapproved client and leaves its logo out', () => {
    expect(consentClient(client({ adminApproved: false, logoUri: 'https://tracker.example/p.png' }))).toEqual({
      clientName: 'Shop',
      unverified: true,
    });
  });

  it('links client_uri only when it is a web page', () => {
    for (const clientUri of ['javascript:alert(1)//x', 'data:text/html,hi', 'not a url'])
      expect(consentClient(client({ clientUri })).clientUri).toBeUndefined();
  });
});
