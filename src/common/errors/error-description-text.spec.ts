import { errorDescriptionText } from './error-description-text';
import { AdminApiError } from '../../admin/http/admin-api.error';
import { OAuthErrors } from './oauth-error';

const RFC_6749_CHARACTERS = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

describe('errorDescriptionText', () => {
  it('leaves a description in the allowed characters as it is', () => {
    expect(errorDescriptionText("client_id is missing (it's required)")).toBe("client_id is missing (it's required)");
  });

  it('spells our typography in ASCII', () => {
    expect(errorDescriptionText('send the access token in one place only (RFC 6750 §2)')).toBe(
      'send the access token in one place only (RFC 6750 section 2)',
    );
    expect(errorDescriptionText('unsupported prompt value "bogus"')).toBe("unsupported prompt value 'bogus'");
    expect(errorDescriptionText('this client’s sector — see …')).toBe("this client's sector - see ...");
  });

  it('turns anything else, such as a request’s own values, into allowed characters', () => {
    const text = errorDescriptionText('unknown scope "ｓｃｏｐｅ\\\u0000\n😀"');
    expect(text).toMatch(RFC_6749_CHARACTERS);
    expect(text).toBe("unknown scope '?????/? ?'");
  });

  it('is what every OAuthError carries', () => {
    const error = OAuthErrors.invalidRequest('use exactly one client authentication method (RFC 6749 §2.3)');
    expect(error.errorDescription).toMatch(RFC_6749_CHARACTERS);
    expect(error.toJSON().error_description).toBe(
      'use exactly one client authentication method (RFC 6749 section 2.3)',
    );
  });
});

describe('AdminApiError', () => {
  it('keeps the letters of the names it quotes: the admin API is not OAuth’s protocol', () => {
    const error = new AdminApiError('conflict', 'a group named “Équipe” exists', { code: 'group_exists' });
    expect(error.toJSON()).toMatchObject({ error_description: 'a group named “Équipe” exists' });
  });
});
