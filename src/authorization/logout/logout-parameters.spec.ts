import { logoutQuery, parseLogoutParameters } from './logout-parameters';

describe('parseLogoutParameters', () => {
  it('reads the parameters of RP-Initiated Logout §2 and ignores unknown ones', () => {
    expect(
      parseLogoutParameters({
        id_token_hint: 'a.b.c',
        client_id: 'rp',
        post_logout_redirect_uri: 'https://rp.example.com/bye',
        state: 's',
        ui_locales: 'fr en',
        logout_hint: 'alice',
        extra: 'x',
      }),
    ).toEqual({
      idTokenHint: 'a.b.c',
      clientId: 'rp',
      postLogoutRedirectUri: 'https://rp.example.com/bye',
      state: 's',
      uiLocales: 'fr en',
    });
  });

  it('treats empty values as absent', () => {
    expect(parseLogoutParameters({ state: '', client_id: 'rp' })).toEqual({ clientId: 'rp' });
    expect(parseLogoutParameters(undefined)).toEqual({});
  });

  it('refuses a parameter given twice, used or merely accepted', () => {
    expect(() => parseLogoutParameters({ state: ['a', 'b'] })).toThrow(/state/);
    expect(() => parseLogoutParameters({ post_logout_redirect_uri: ['https://a', 'https://b'] })).toThrow(
      /post_logout_redirect_uri/,
    );
    expect(() => parseLogoutParameters({ ui_locales: ['en', 'fr'] })).toThrow(/ui_locales/);
    expect(() => parseLogoutParameters({ logout_hint: ['a', 'b'] })).toThrow(/logout_hint/);
    expect(() => parseLogoutParameters({ extra: ['a', 'b'] })).not.toThrow();
  });
});

describe('logoutQuery', () => {
  it('gives the parameters back under their names', () => {
    const source = { id_token_hint: 'a.b.c', post_logout_redirect_uri: 'https://rp.example.com/bye?x=1', state: 's t' };
    expect(Object.fromEntries(new URLSearchParams(logoutQuery(parseLogoutParameters(source))))).toEqual(source);
  });
});
