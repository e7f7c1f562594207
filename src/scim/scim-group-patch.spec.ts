import { groupPatchOf } from './scim-group-patch';
import { patchOperationsOf } from './scim-patch-operations';
import { PATCH_SCHEMA } from './scim-schemas';

const group = { id: 'g1', members: ['u1', 'u2'] };
const patch = (...Operations: unknown[]) =>
  groupPatchOf(patchOperationsOf({ schemas: [PATCH_SCHEMA], Operations }), group);

describe('groupPatchOf (RFC 7644 §3.5.2)', () => {
  it('adds, removes and replaces members, and sets displayName and externalId', () => {
    expect(patch({ op: 'add', path: 'members', value: [{ value: 'u3' }, { value: 'u1' }] })).toEqual({
      members: ['u1', 'u2', 'u3'],
    });
    expect(patch({ op: 'remove', path: 'members[value eq "u1"]' })).toEqual({ members: ['u2'] });
    expect(patch({ op: 'Replace', value: { id: 'g1', displayName: 'Platform', externalId: 'ext' } })).toEqual({
      name: 'Platform',
      externalId: 'ext',
      members: ['u1', 'u2'],
    });
  });

  it('refuses values of another type, a missing value and unknown attributes', () => {
    for (const [operation, scimType] of [
      [{ op: 'replace', path: 'members' }, 'invalidSyntax'],
      [{ op: 'replace', value: 'Platform' }, 'invalidValue'],
      [{ op: 'replace', value: { displayName: 5 } }, 'invalidValue'],
      [{ op: 'add', path: 'members', value: ['u3'] }, 'invalidValue'],
      [{ op: 'remove', path: 'displayName' }, 'invalidValue'],
      [{ op: 'replace', value: { id: 'another' } }, 'mutability'],
      [{ op: 'replace', value: { owner: 'me' } }, 'invalidPath'],
    ] as const)
      expect(() => patch(operation)).toThrow(expect.objectContaining({ status: 400, scimType }));
  });
});
