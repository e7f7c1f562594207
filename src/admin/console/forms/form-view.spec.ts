import { changedFields } from './form-model';
import { FormView } from './form-view';

describe('FormView', () => {
  const values = {
    name: 'Shop',
    uris: ['https://a/cb', 'https://b/cb'],
    pkce: true,
    grants: ['code'],
    address: { country: 'NL' },
  };

  it('shows each value the way its control holds it', () => {
    const form = new FormView(values);
    expect(form.text('name', 'Name').input?.value).toBe('Shop');
    expect(form.lines('uris', 'URIs').textarea?.value).toBe('https://a/cb\nhttps://b/cb');
    expect(form.text('uris', 'URIs').input?.value).toBe('https://a/cb https://b/cb');
    expect(form.checkbox('pkce', 'PKCE').checkbox).toEqual({ checked: true });
    expect(form.text('address.country', 'Country').input?.value).toBe('NL');
    const choices = form.choices('grants', 'Grants', [
      { value: 'code', label: 'Code' },
      { value: 'device', label: 'Device' },
    ]).choices!.options;
    expect(choices.map((o) => o.selected)).toEqual([true, false]);
  });

  it('ties help and errors to their control and lists every error, linked when it has a field', () => {
    const form = new FormView(values, { name: 'name is wrong', _form: 'the whole thing is wrong' });
    const field = form.text('name', 'Name', { help: 'What users see' });
    expect(field).toMatchObject({
      id: 'field-name',
      error: 'name is wrong',
      describedBy: 'field-name-help field-name-error',
    });
    expect(form.text('uris', 'URIs').describedBy).toBeUndefined();
    expect(form.summary()).toEqual([
      { href: '#field-name', message: 'name is wrong' },
      { message: 'the whole thing is wrong' },
    ]);
  });
});

describe('changedFields', () => {
  it('keeps only what differs, treating missing and null alike', () => {
    expect(
      changedFields(
        { a: 'x', b: ['1', '2'], c: null, d: 5 },
        { a: 'x', b: ['1', '2', '3'], c: undefined, d: 6, e: null },
      ),
    ).toEqual({ b: ['1', '2', '3'], d: 6 });
  });
});
