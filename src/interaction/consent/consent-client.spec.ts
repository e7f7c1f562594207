import type { Client } from '../../clients/client.entity';
import { consentClient } from './consent-client';

const client = (fields: Partial<Client>) =>
  ({
    clientName: 'Shop',
    logoUri: null,
    clientUri: null,
    policyUri: null,
    tosUri: null,
    adminApproved: true,
    ...fields,
  }) as Client;

const NOT_WEB_PAGES = [
  'javascript:alert(1)//https://shop.example/privacy',
  'JavaScript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//shop.example/privacy',
  'not a url',
];

describe('consentClient', () => {
  it('shows the logo, website, privacy policy and terms of an approved client, each page with its host', () => {
    expect(
      consentClient(
        client({
          logoUri: 'https://shop.example/logo.png',
          clientUri: 'https://shop.example/about',
          policyUri: 'https://legal.shop.example/privacy',
          tosUri: 'http://shop.example:8080/terms',
        }),
      ),
    ).toEqual({
      clientName: 'Shop',
      logoUri: 'https://shop.example/logo.png',
      website: { uri: 'https://shop.example/about', host: 'shop.example' },
      policy: { uri: 'https://legal.shop.example/privacy', host: 'legal.shop.example' },
      terms: { uri: 'http://shop.example:8080/terms', host: 'shop.example:8080' },
      unverified: false,
    });
  });

  it('shows no page a client has not registered', () => {
    expect(consentClient(client({}))).toEqual({ clientName: 'Shop', unverified: false });
  });

  it('marks an unapproved client and leaves its logo out, but links its pages by their host', () => {
    expect(
      consentClient(
        client({
          adminApproved: false,
          logoUri: 'https://tracker.example/p.png',
          policyUri: 'https://shop.example/privacy',
          tosUri: 'https://shop.example/terms',
        }),
      ),
    ).toEqual({
      clientName: 'Shop',
      policy: { uri: 'https://shop.example/privacy', host: 'shop.example' },
      terms: { uri: 'https://shop.example/terms', host: 'shop.example' },
      unverified: true,
    });
  });

  it('names the host a link really goes to, not the one its user part pretends', () => {
    expect(consentClient(client({ policyUri: 'https://shop.example@evil.example/privacy' })).policy).toEqual({
      uri: 'https://shop.example@evil.example/privacy',
      host: 'evil.example',
    });
  });

  it('shows the punycode of an internationalised host, which a look-alike letter cannot hide in', () => {
    // A Cyrillic о (U+043E) for the o of shop.
    expect(consentClient(client({ tosUri: 'https://sh\u043ep.example/terms' })).terms?.host).toBe(
      'xn--shp-ted.example',
    );
  });

  it('links client_uri, policy_uri and tos_uri, and shows logo_uri, only when they are web pages', () => {
    for (const uri of NOT_WEB_PAGES) {
      const shown = consentClient(client({ logoUri: uri, clientUri: uri, policyUri: uri, tosUri: uri }));
      expect([uri, shown]).toEqual([uri, { clientName: 'Shop', unverified: false }]);
    }
  });
});
