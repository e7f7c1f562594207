import type { ValidationError } from '@nestjs/common';
import { invalidFields } from './admin-validation.pipe';

describe('invalidFields', () => {
  it('names nested and listed fields by their path', () => {
    const errors = [
      { property: 'client_name', constraints: { isString: 'client_name must be a string' } },
      {
        property: 'address',
        children: [{ property: 'country', constraints: { isString: 'country must be a string' }, children: [] }],
      },
    ] as ValidationError[];
    expect(invalidFields(errors)).toEqual({
      client_name: ['client_name must be a string'],
      'address.country': ['country must be a string'],
    });
  });
});
