import type { ValidationError } from '@nestjs/common';
import { adminValidationPipe, invalidFields, MAX_BODY_DEPTH } from './admin-validation.pipe';

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

describe('adminValidationPipe', () => {
  class Body {}
  const body = { type: 'body', metatype: Body } as const;

  it('refuses a body nested deeper than any admin resource before walking it', async () => {
    const deep: unknown = JSON.parse(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
    await expect(adminValidationPipe.transform(deep, body)).rejects.toMatchObject({
      error: 'invalid_request',
      status: 400,
    });
  });

  it(`leaves a body nested up to ${MAX_BODY_DEPTH} levels to the rules of its DTO`, async () => {
    const nested: unknown = JSON.parse(`${'{"a":'.repeat(MAX_BODY_DEPTH)}1${'}'.repeat(MAX_BODY_DEPTH)}`);
    await expect(adminValidationPipe.transform(nested, body)).rejects.toMatchObject({
      errorDescription: 'property a should not exist',
    });
    await expect(adminValidationPipe.transform({}, body)).resolves.toBeInstanceOf(Body);
  });
});
