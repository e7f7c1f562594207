import { choicesOf, isChecked, linesOf, optionalIntegerOf, optionalTextOf, textOf, wordsOf } from './form-input';

describe('form input', () => {
  const body = {
    name: '  Shop ',
    empty: '',
    uris: 'https://a.example/cb\r\n\n  https://b.example/cb  \n',
    scopes: 'openid, profile  email',
    tick: 'on',
    one: 'code',
    many: ['authorization_code', 'refresh_token'],
    repeated: ['first', 'second'],
  };

  it('reads text trimmed, the first of repeated values, and empty as null where that means none', () => {
    expect(textOf(body, 'name')).toBe('Shop');
    expect(textOf(body, 'missing')).toBe('');
    expect(textOf(body, 'repeated')).toBe('first');
    expect(optionalTextOf(body, 'empty')).toBeNull();
    expect(optionalTextOf(body, 'name')).toBe('Shop');
  });

  it('splits lists by line or by space and comma, dropping blanks', () => {
    expect(linesOf(body, 'uris')).toEqual(['https://a.example/cb', 'https://b.example/cb']);
    expect(wordsOf(body, 'scopes')).toEqual(['openid', 'profile', 'email']);
    expect(linesOf(body, 'empty')).toEqual([]);
  });

  it('reads checkboxes: ticked when sent, and groups as lists', () => {
    expect(isChecked(body, 'tick')).toBe(true);
    expect(isChecked(body, 'missing')).toBe(false);
    expect(choicesOf(body, 'many')).toEqual(['authorization_code', 'refresh_token']);
    expect(choicesOf(body, 'one')).toEqual(['code']);
    expect(choicesOf(body, 'missing')).toEqual([]);
  });

  it('reads whole numbers, empty as the default, and passes anything else on for validation to name', () => {
    expect(optionalIntegerOf({ ttl: '600' }, 'ttl')).toBe(600);
    expect(optionalIntegerOf({ ttl: ' ' }, 'ttl')).toBeNull();
    expect(optionalIntegerOf({ ttl: '1e3' }, 'ttl')).toBe('1e3');
    expect(optionalIntegerOf({ ttl: '-5' }, 'ttl')).toBe('-5');
  });
});
